import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { ChannelKind } from '../../../src/shared/channels';
import { AdministrativeLevel } from '../../../src/shared/levels';
import { FeeKind, Subject, TimeUnit } from '../../../src/catalogue/catalogue.enums';
import { MAX_FEE_VND, mapPackage, type MappedPackage, type NationalProcedure, type PackageProblem } from '../../../src/importer/package-mapping';

/** The shared sample, copied (prettier-formatted) so that a fresh clone without ../shared runs the tests too. */
const FIXTURE = path.resolve(__dirname, '../../fixtures/national-packages-sample.json');
const SHARED = path.resolve(__dirname, '../../../../shared/data/national-packages-sample.json');

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));
const sample = (readJson(FIXTURE) as { result: Record<string, unknown>[] }).result;

type Json = Record<string, any>;

/** The full problem texts as users see them. */
const texts = (problems: PackageProblem[]) => problems.map((problem) => `${problem.path}: ${problem.message}`);

function mapped(raw: Json, index = 0): NationalProcedure {
  const result = mapPackage(raw, index);
  if (!result.ok) throw new Error(`expected the package to map, got:\n${texts(result.problems).join('\n')}`);
  return result.procedure;
}

function problemsOf(raw: Json, index = 0): string[] {
  const result = mapPackage(raw, index);
  if (result.ok) throw new Error('expected problems, the package mapped');
  return texts(result.problems);
}

/** A small valid package; tests change what they are about. */
function base(): Json {
  return {
    MATTHC: '1.000001',
    TENTTHC: 'Thủ tục thử',
    TRANGTHAI: '1',
    CAPTHUCHIEN: [{ CAPTHUCHIEN: '1', TENCAP: 'Cấp Tỉnh' }],
    LINHVUCTHUCHIEN: [{ MALINHVUC: 'G01', TENLINHVUC: 'Hộ tịch' }],
    CACHTHUCTHUCHIEN: [
      {
        KENH: '1',
        THOIGIAN: [{ THOIGIANGIAIQUYET: '5', DONVITINH: 'Ngày làm việc', MOTA: 'Kể từ ngày nhận đủ hồ sơ.', PHILEPHI: [] }],
      },
    ],
  };
}

/** A package with one in-person time entry carrying the given fees. */
function withFees(...fees: Json[]): Json {
  const pkg = base();
  pkg.CACHTHUCTHUCHIEN[0].THOIGIAN[0].PHILEPHI = fees;
  return pkg;
}

const fee = (changes: Json): Json => ({ MAPHILEPHI: '2', SOTIEN: '50.000', DONVI: 'Đồng', MOTA: 'Lệ phí.', ...changes });
const firstFee = (pkg: Json) => mapped(pkg).channels[0].fees[0];

function withTime(time: Json): Json {
  const pkg = base();
  pkg.CACHTHUCTHUCHIEN[0].THOIGIAN = [time];
  return pkg;
}

function withDocument(document: Json, caseName = ''): Json {
  return { ...base(), THANHPHANHOSO: [{ TRUONGHOP: caseName, GIAYTO: [{ TENGIAYTO: 'Tờ khai', SOBANCHINH: '1', SOBANSAO: '0', ...document }] }] };
}

function withLegal(...documents: Json[]): Json {
  return { ...base(), CANCUPHAPLY: documents };
}

const legal = (changes: Json): Json => ({
  SOVANBAN: '60/2014/QH13',
  TENVANBAN: 'Luật Hộ tịch',
  COQUANBANHANH: 'Quốc hội',
  NGAYBANHANH: '20/11/2014',
  ...changes,
});

/** Every key of the value in lower case, at every depth. */
function lowerKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerKeys);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key.toLowerCase(), lowerKeys(inner)]));
  return value;
}

describe('mapPackage on the shared sample', () => {
  it('reads a fixture identical to the shared sample when ../shared is there', () => {
    if (fs.existsSync(SHARED)) expect(readJson(FIXTURE)).toEqual(readJson(SHARED));
    expect(sample).toHaveLength(4);
  });

  it('maps every package of the sample', () => {
    const results = sample.map((raw, i) => mapPackage(raw, i));
    for (const result of results) if (!result.ok) throw new Error(texts(result.problems).join('\n'));
    expect(results.map((result) => result.ok && result.procedure.code)).toEqual(['1.001193', '1.000894', '2.000815', '9.000101']);
  });

  it('maps the birth registration package in full: Không is 0, 8.000 is 8000, 2’ is a charge, dates in both formats', () => {
    const raw = sample[0] as Json;
    const time = (channel: number) => raw.CACHTHUCTHUCHIEN[channel].THOIGIAN[0];
    expect(mapped(raw)).toEqual({
      code: '1.001193',
      name: 'Đăng ký khai sinh',
      levels: [AdministrativeLevel.COMMUNE],
      isPublic: true,
      status: '1',
      field: { nationalCode: 'G22-HT', name: 'Hộ tịch', slug: 'ho-tich' },
      agency: { nationalCode: 'UBNDXA', name: 'Ủy ban nhân dân cấp xã' },
      subjects: [Subject.CITIZEN],
      conditions: null,
      results: ['Giấy khai sinh (bản chính)'],
      announcementDecision: 'Quyết định số 1234/QĐ-UBND ngày 15/03/2025 của Chủ tịch UBND tỉnh',
      isInterconnected: false,
      legalDocuments: [
        { number: '60/2014/QH13', title: 'Luật Hộ tịch', issuer: 'Quốc hội', issuedOn: '2014-11-20' },
        {
          number: '123/2015/NĐ-CP',
          title: 'Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch',
          issuer: 'Chính phủ',
          issuedOn: '2015-11-15',
        },
      ],
      steps: [
        { caseName: null, description: 'Người yêu cầu nộp hồ sơ tại Bộ phận Một cửa hoặc trực tuyến.' },
        { caseName: null, description: 'Công chức tư pháp - hộ tịch kiểm tra hồ sơ, ghi vào Sổ hộ tịch.' },
        { caseName: null, description: 'Chủ tịch UBND cấp xã ký Giấy khai sinh và trả kết quả.' },
      ],
      channels: [
        {
          channel: ChannelKind.IN_PERSON,
          timeValue: 1,
          timeUnit: TimeUnit.WORKING_DAY,
          timeDescription: time(0).MOTA,
          fees: [
            { kind: FeeKind.CHARGE, amountVnd: 0, description: 'Miễn lệ phí đăng ký khai sinh đúng hạn.' },
            { kind: FeeKind.CHARGE, amountVnd: 8000, description: time(0).PHILEPHI[1].MOTA },
          ],
        },
        {
          channel: ChannelKind.ONLINE,
          timeValue: 1,
          timeUnit: TimeUnit.WORKING_DAY,
          timeDescription: time(1).MOTA,
          fees: [{ kind: FeeKind.CHARGE, amountVnd: 0, description: 'Miễn lệ phí đăng ký khai sinh đúng hạn.' }],
        },
        { channel: ChannelKind.POSTAL, timeValue: 3, timeUnit: TimeUnit.WORKING_DAY, timeDescription: time(2).MOTA, fees: [] },
      ],
      documents: [
        {
          caseName: null,
          name: 'Tờ khai đăng ký khai sinh theo mẫu',
          originals: 1,
          copies: 0,
          isRequired: true,
          formName: 'Tờ khai đăng ký khai sinh',
          formUrl: 'https://example.gov.vn/bieumau/to-khai-khai-sinh.docx',
        },
        { caseName: null, name: 'Giấy chứng sinh hoặc văn bản thay giấy chứng sinh', originals: 1, copies: 0, isRequired: true, formName: null, formUrl: null },
      ],
    });
  });

  it('maps the mixed-case package (MaTTHC, Url) as it maps the same package in one case', () => {
    const procedure = mapped(sample[1], 1);
    expect(mapped(lowerKeys(sample[1]) as Json, 1)).toEqual(procedure);
    expect(procedure.code).toBe('1.000894');
    expect(procedure.name).toBe('Đăng ký kết hôn');
    expect(procedure.conditions).toMatch(/^Nam, nữ kết hôn/);
    expect(procedure.channels.map((channel) => [channel.channel, channel.fees.map((fee) => [fee.kind, fee.amountVnd])])).toEqual([
      [ChannelKind.IN_PERSON, [[FeeKind.CHARGE, 0]]],
      [ChannelKind.ONLINE, [[FeeKind.CHARGE, 0]]],
    ]);
    expect(procedure.documents[0].formUrl).toBe('https://example.gov.vn/bieumau/to-khai-ket-hon.docx');
    expect(procedure.legalDocuments.map((document) => document.issuedOn)).toEqual(['2014-11-20', '2014-06-19']);
  });

  it('maps several levels, several cases and a per-page fee (a rate, kept in the description)', () => {
    const procedure = mapped(sample[2], 2);
    expect(procedure.levels).toEqual([AdministrativeLevel.DISTRICT, AdministrativeLevel.COMMUNE]);
    expect(procedure.subjects).toEqual([Subject.CITIZEN, Subject.ORGANISATION]);
    expect(procedure.agency).toEqual({ nationalCode: 'PTP', name: 'Phòng Tư pháp cấp huyện' });
    expect(procedure.documents.map((document) => [document.caseName, document.name, document.originals, document.copies])).toEqual([
      ['Chứng thực bản sao giấy', 'Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao', 1, 0],
      ['Chứng thực bản sao giấy', 'Bản sao cần chứng thực', 0, 1],
      ['Chứng thực bản sao điện tử', 'Bản chính giấy tờ, văn bản (xuất trình)', 1, 0],
    ]);
    expect(procedure.steps.map((step) => step.caseName)).toEqual([
      'Chứng thực bản sao giấy',
      'Chứng thực bản sao giấy',
      'Chứng thực bản sao điện tử',
      'Chứng thực bản sao điện tử',
    ]);
    const [inPerson, online] = procedure.channels;
    expect(inPerson.fees).toEqual([
      {
        kind: FeeKind.FEE,
        amountVnd: null,
        description:
          '2.000 Đồng/trang: 2.000 đồng/trang cho trang thứ nhất và thứ hai; từ trang thứ ba trở lên 1.000 đồng/trang, tối đa không quá 200.000 đồng/bản.',
      },
    ]);
    expect([online.channel, online.timeValue, online.timeUnit]).toEqual([ChannelKind.ONLINE, 2, TimeUnit.HOUR]);
    expect(procedure.legalDocuments.map((document) => document.issuedOn)).toEqual(['2015-02-16', '2016-11-11']);
  });

  it('maps the provincial package: 1.500.000 is 1500000, a province-level procedure', () => {
    const procedure = mapped(sample[3], 3);
    expect(procedure.levels).toEqual([AdministrativeLevel.PROVINCE]);
    expect(procedure.field).toEqual({ nationalCode: 'G09-NT', name: 'Nghệ thuật biểu diễn', slug: 'nghe-thuat-bieu-dien' });
    expect(procedure.channels).toHaveLength(1);
    expect(procedure.channels[0]).toMatchObject({ channel: ChannelKind.ONLINE, timeValue: 5, timeUnit: TimeUnit.WORKING_DAY });
    expect(procedure.channels[0].fees[0]).toMatchObject({ kind: FeeKind.FEE, amountVnd: 1_500_000 });
    expect(procedure.subjects).toEqual([Subject.CITIZEN, Subject.ORGANISATION]);
    expect(procedure.conditions).toBeNull();
  });
});

describe('mapPackage: keys and scalars', () => {
  it('matches keys in any case, reports them as spelled, and takes the first of two spellings', () => {
    const pkg = { ...base(), matthc: '9.999999' };
    expect(mapped(pkg).code).toBe('1.000001');
    const spelled = base();
    delete spelled.CACHTHUCTHUCHIEN;
    spelled.CachThucThucHien = [{ Kenh: '9' }];
    expect(problemsOf(spelled, 4)).toEqual(['[4].CachThucThucHien[0].Kenh: "9" is not a channel (1 in person, 2 online, 3 public post)']);
  });

  it('reports a missing code and name at their canonical paths, and gives the code back when it is readable', () => {
    const pkg = base();
    delete pkg.MATTHC;
    pkg.TENTTHC = '   ';
    expect(mapPackage(pkg, 7)).toEqual({
      ok: false,
      code: null,
      problems: [
        { path: '[7].MATTHC', message: 'is missing' },
        { path: '[7].TENTTHC', message: 'is missing' },
      ],
    });
    expect(mapPackage({ ...base(), MATTHC: ' 1.000001 ', KETQUATHUCHIEN: 'x' }, 0)).toMatchObject({ ok: false, code: '1.000001' });
    expect(mapPackage({ ...base(), MATTHC: '1 000001' }, 0)).toEqual({
      ok: false,
      code: null,
      problems: [{ path: '[0].MATTHC', message: '"1 000001" is not a procedure code' }],
    });
    expect(problemsOf({ ...base(), MATTHC: 'A'.repeat(33) })).toEqual([`[0].MATTHC: "${'A'.repeat(33)}" is not a procedure code`]);
    expect(mapped({ ...base(), MATTHC: 'A'.repeat(32) }).code).toBe('A'.repeat(32));
  });

  it('accepts numbers for text, trims, and normalises to NFC', () => {
    const procedure = mapped({ ...base(), MATTHC: 12345, TENTTHC: '  Đăng ký khai sinh\t'.normalize('NFD'), TRANGTHAI: 1 });
    expect(procedure.code).toBe('12345');
    expect(procedure.name).toBe('Đăng ký khai sinh');
    expect(procedure.isPublic).toBe(true);
  });

  it('refuses control characters but keeps line breaks and tabs', () => {
    expect(problemsOf({ ...base(), TENTTHC: 'Đăng\u0007ký' })).toEqual(['[0].TENTTHC: contains a control character']);
    expect(problemsOf({ ...base(), YEUCAU: 'a\u0000b' })).toEqual(['[0].YEUCAU: contains a control character']);
    expect(problemsOf({ ...base(), TENTTHC: 'Đăng\u0085ký' })).toEqual(['[0].TENTTHC: contains a control character']);
    expect(mapped({ ...base(), YEUCAU: 'Một:\n\t- hai\r\n- ba' }).conditions).toBe('Một:\n\t- hai\r\n- ba');
  });

  it('bounds names at 500 characters and texts at 5,000 (counted in characters, not UTF-16 units)', () => {
    expect(mapped({ ...base(), TENTTHC: 'ệ'.repeat(500) }).name).toHaveLength(500);
    expect(mapped({ ...base(), TENTTHC: '𝔸'.repeat(500) }).name).toBe('𝔸'.repeat(500));
    expect(problemsOf({ ...base(), TENTTHC: 'a'.repeat(501) })).toEqual(['[0].TENTTHC: is longer than 500 characters']);
    expect(mapped({ ...base(), YEUCAU: 'a'.repeat(5000) }).conditions).toHaveLength(5000);
    expect(problemsOf({ ...base(), YEUCAU: 'a'.repeat(5001) })).toEqual(['[0].YEUCAU: is longer than 5000 characters']);
    expect(problemsOf({ ...base(), QUYETDINH: 'a'.repeat(501) })).toEqual(['[0].QUYETDINH: is longer than 500 characters']);
    expect(problemsOf(withFees(fee({ MOTA: 'a'.repeat(5001) })))).toEqual([
      '[0].CACHTHUCTHUCHIEN[0].THOIGIAN[0].PHILEPHI[0].MOTA: is longer than 5000 characters',
    ]);
  });

  it('refuses objects, lists and booleans where text is expected', () => {
    expect(problemsOf({ ...base(), TENTTHC: { vi: 'x' }, TRANGTHAI: true, YEUCAU: ['x'] })).toEqual([
      '[0].TENTTHC: is not text',
      '[0].TRANGTHAI: is not text',
      '[0].YEUCAU: is not text',
    ]);
  });

  it('treats an absent or null list as empty, and refuses a list that is not one or an item that is not an object', () => {
    expect(mapped({ ...base(), THANHPHANHOSO: null, TRINHTUTHUCHIEN: undefined }).documents).toEqual([]);
    expect(problemsOf({ ...base(), THANHPHANHOSO: 'Tờ khai', KETQUATHUCHIEN: {} })).toEqual([
      '[0].KETQUATHUCHIEN: is not a list',
      '[0].THANHPHANHOSO: is not a list',
    ]);
    expect(problemsOf({ ...base(), KETQUATHUCHIEN: [{ TENKETQUA: 'x' }, 'Giấy phép', null] })).toEqual([
      '[0].KETQUATHUCHIEN[1]: is not an object',
      '[0].KETQUATHUCHIEN[2]: is not an object',
    ]);
  });

  it('refuses a package that is not an object', () => {
    expect(mapPackage(null as unknown as Json, 3)).toEqual({ ok: false, code: null, problems: [{ path: '[3]', message: 'is not an object' }] });
    expect(mapPackage([] as unknown as Json, 3)).toMatchObject({ ok: false, problems: [{ path: '[3]', message: 'is not an object' }] });
  });

  it('collects every problem of a package, up to 20', () => {
    const pkg = withFees(fee({ SOTIEN: 'abc' }), fee({ MAPHILEPHI: '3' }));
    pkg.TENTTHC = '';
    pkg.CAPTHUCHIEN = [{ CAPTHUCHIEN: '0' }];
    expect(problemsOf(pkg, 2)).toEqual([
      '[2].TENTTHC: is missing',
      '[2].CAPTHUCHIEN: lists no level the province implements (1 province, 2 district, 3 commune)',
      '[2].CACHTHUCTHUCHIEN[0].THOIGIAN[0].PHILEPHI[0].SOTIEN: "abc" is not an amount',
      '[2].CACHTHUCTHUCHIEN[0].THOIGIAN[0].PHILEPHI[1].MAPHILEPHI: "3" is not a fee kind (1 phí, 2 lệ phí)',
    ]);
    const many = withFees(...Array.from({ length: 30 }, (_, i) => fee({ SOTIEN: `x${i}` })));
    const problems = problemsOf(many);
    expect(problems).toHaveLength(20);
    expect(problems[19]).toBe('[0].CACHTHUCTHUCHIEN[0].THOIGIAN[0].PHILEPHI[19].SOTIEN: "x19" is not an amount');
  });
});

describe('mapPackage: status, levels, field, agency, subjects and texts', () => {
  it('is public only for TRANGTHAI 1, and keeps the status as sent', () => {
    expect(mapped({ ...base(), TRANGTHAI: '1' })).toMatchObject({ isPublic: true, status: '1' });
    expect(mapped({ ...base(), TRANGTHAI: '2' })).toMatchObject({ isPublic: false, status: '2' });
    expect(mapped({ ...base(), TRANGTHAI: 'Công khai' })).toMatchObject({ isPublic: false, status: 'Công khai' });
    const absent = base();
    delete absent.TRANGTHAI;
    expect(mapped(absent)).toMatchObject({ isPublic: false, status: null });
  });

  it('takes every level of ours from the top, once, dropping the ministry', () => {
    const levels = [{ CAPTHUCHIEN: 3 }, { CAPTHUCHIEN: '0' }, { CAPTHUCHIEN: ' 1 ' }, { CAPTHUCHIEN: '3' }, { CapThucHien: 2 }];
    expect(mapped({ ...base(), CAPTHUCHIEN: levels }).levels).toEqual([
      AdministrativeLevel.PROVINCE,
      AdministrativeLevel.DISTRICT,
      AdministrativeLevel.COMMUNE,
    ]);
  });

  it('refuses an unknown level and a package with no level of ours', () => {
    expect(problemsOf({ ...base(), CAPTHUCHIEN: [{ CAPTHUCHIEN: '1' }, { CAPTHUCHIEN: '5' }, { TENCAP: 'Cấp Tỉnh' }] }, 1)).toEqual([
      '[1].CAPTHUCHIEN[1].CAPTHUCHIEN: "5" is not a level (0 ministry, 1 province, 2 district, 3 commune)',
      '[1].CAPTHUCHIEN[2].CAPTHUCHIEN: is missing',
    ]);
    const message = 'lists no level the province implements (1 province, 2 district, 3 commune)';
    expect(problemsOf({ ...base(), CAPTHUCHIEN: [{ CAPTHUCHIEN: '0', TENCAP: 'Cấp Bộ' }] }, 1)).toEqual([`[1].CAPTHUCHIEN: ${message}`]);
    expect(problemsOf({ ...base(), CAPTHUCHIEN: [] }, 1)).toEqual([`[1].CAPTHUCHIEN: ${message}`]);
    const absent = base();
    delete absent.CAPTHUCHIEN;
    expect(problemsOf(absent, 1)).toEqual([`[1].CAPTHUCHIEN: ${message}`]);
  });

  it('takes the first field with its slug, and the first agency', () => {
    const procedure = mapped({
      ...base(),
      LINHVUCTHUCHIEN: [
        { MALINHVUC: 'G01-ĐĐ', TENLINHVUC: '  Đất đai & Quy hoạch (mới) ' },
        { MALINHVUC: 'G02', TENLINHVUC: 'Khác' },
      ],
      COQUANTHUCHIEN: [{ TENDONVI: 'Sở Tư pháp' }, { MADONVI: 'X', TENDONVI: 'Khác' }],
    });
    expect(procedure.field).toEqual({ nationalCode: 'G01-ĐĐ', name: 'Đất đai & Quy hoạch (mới)', slug: 'dat-dai-quy-hoach-moi' });
    expect(procedure.agency).toEqual({ nationalCode: null, name: 'Sở Tư pháp' });
    expect(mapped({ ...base(), LINHVUCTHUCHIEN: [], COQUANTHUCHIEN: [{ MADONVI: '' }] })).toMatchObject({ field: null, agency: null });
    expect(problemsOf({ ...base(), LINHVUCTHUCHIEN: [{ MALINHVUC: 'G01' }] })).toEqual(['[0].LINHVUCTHUCHIEN[0].TENLINHVUC: is missing']);
    expect(problemsOf({ ...base(), LINHVUCTHUCHIEN: [{ TENLINHVUC: '—' }] })).toEqual([
      `[0].LINHVUCTHUCHIEN[0].TENLINHVUC: "—" has no letter or digit to make the field's code of`,
    ]);
  });

  it('reads subjects from the list and the description by keyword, in the enum order', () => {
    const subjects = (list: string[], description?: string) =>
      mapped({ ...base(), DOITUONGTHUCHIEN: list.map((name) => ({ TENDOITUONG: name })), MOTADOITUONGTHUCHIEN: description }).subjects;
    expect(subjects(['Công dân Việt Nam'])).toEqual([Subject.CITIZEN]);
    expect(subjects(['CÁ NHÂN'])).toEqual([Subject.CITIZEN]);
    expect(subjects(['Doanh nghiệp', 'Cơ quan nhà nước'], 'Tổ chức, cá nhân')).toEqual([
      Subject.CITIZEN,
      Subject.ENTERPRISE,
      Subject.ORGANISATION,
      Subject.STATE_AGENCY,
    ]);
    expect(subjects([], 'Người Việt Nam định cư ở nước ngoài')).toEqual([Subject.FOREIGNER]);
    expect(subjects(['Người nước ngoài'])).toEqual([Subject.FOREIGNER]);
    expect(subjects(['Hợp tác xã', 'Hộ kinh doanh'])).toEqual([]);
    expect(subjects(['Toàn dân'])).toEqual([]);
  });

  it('drops "Không" conditions and empty results, keeps the decision, and sees inter-connection', () => {
    for (const none of ['Không', 'không.', ' KHÔNG ', '']) expect(mapped({ ...base(), YEUCAU: none }).conditions).toBeNull();
    expect(mapped({ ...base(), YEUCAU: 'Không quá 60 tuổi.' }).conditions).toBe('Không quá 60 tuổi.');
    expect(mapped({ ...base(), KETQUATHUCHIEN: [{ TENKETQUA: 'Giấy phép' }, { TENKETQUA: ' ' }, { MAKETQUA: 'KQ3' }] }).results).toEqual(['Giấy phép']);
    expect(mapped({ ...base(), QUYETDINH: ' 1234/QĐ-UBND ' }).announcementDecision).toBe('1234/QĐ-UBND');
    expect(mapped({ ...base(), QUYETDINH: '' }).announcementDecision).toBeNull();
    expect(mapped({ ...base(), TTHCLIENTHONG: [] }).isInterconnected).toBe(false);
    expect(mapped({ ...base(), TTHCLIENTHONG: ['1.000894'] }).isInterconnected).toBe(true);
    expect(mapped(base()).isInterconnected).toBe(false);
    expect(problemsOf({ ...base(), TTHCLIENTHONG: '1.000894' })).toEqual(['[0].TTHCLIENTHONG: is not a list']);
  });
});

describe('mapPackage: legal documents and steps', () => {
  it('reads dates in every accepted format, as Vietnam dates', () => {
    const dates = [
      '20/11/2014',
      '1/2/2015',
      '2015-11-15',
      '2015-11-15T00:00:00',
      '2015-11-15T08:30:00.000',
      '2014-11-19T17:00:00Z',
      '2014-11-20T00:00:00+07:00',
      '',
    ];
    const documents = mapped(withLegal(...dates.map((date, i) => legal({ SOVANBAN: `${i}/2014/QH13`, NGAYBANHANH: date })))).legalDocuments;
    expect(documents.map((document) => document.issuedOn)).toEqual([
      '2014-11-20',
      '2015-02-01',
      '2015-11-15',
      '2015-11-15',
      '2015-11-15',
      '2014-11-20',
      '2014-11-20',
      null,
    ]);
  });

  it('refuses impossible and unknown dates', () => {
    const bad = ['31/02/2024', '29/02/2023', '2015/11/15', '15-11-2015', '20/11/14', 'ngày 20/11/2014', '2015-13-01', '2015-11-15T25:00:00', '01/01/0214'];
    expect(problemsOf(withLegal(...bad.map((date, i) => legal({ SOVANBAN: `${i}`, NGAYBANHANH: date }))))).toEqual(
      bad.map((date, i) => `[0].CANCUPHAPLY[${i}].NGAYBANHANH: "${date}" is not a date (dd/MM/yyyy or yyyy-MM-dd)`),
    );
    expect(mapped(withLegal(legal({ NGAYBANHANH: '29/02/2024' }))).legalDocuments[0].issuedOn).toBe('2024-02-29');
  });

  it('keeps the first of a number given twice, an absent issuer as empty, and requires number and title', () => {
    const documents = mapped(withLegal(legal({ COQUANBANHANH: undefined }), legal({ TENVANBAN: 'Khác' }))).legalDocuments;
    expect(documents).toEqual([{ number: '60/2014/QH13', title: 'Luật Hộ tịch', issuer: '', issuedOn: '2014-11-20' }]);
    expect(problemsOf(withLegal(legal({ SOVANBAN: '' }), legal({ TENVANBAN: null }), legal({ SOVANBAN: '1'.repeat(61) })))).toEqual([
      '[0].CANCUPHAPLY[0].SOVANBAN: is missing',
      '[0].CANCUPHAPLY[1].TENVANBAN: is missing',
      '[0].CANCUPHAPLY[2].SOVANBAN: is longer than 60 characters',
    ]);
  });

  it('takes steps in order with their cases, skipping empty ones', () => {
    const pkg = {
      ...base(),
      TRINHTUTHUCHIEN: [
        { TRUONGHOP: '', TRINHTU: [{ TENTRINHTU: 'Nộp hồ sơ.' }, { TENTRINHTU: '' }, {}] },
        { TRUONGHOP: ' Trực tuyến ', TRINHTU: [{ TENTRINHTU: 'Nộp trên Cổng.' }] },
      ],
    };
    expect(mapped(pkg).steps).toEqual([
      { caseName: null, description: 'Nộp hồ sơ.' },
      { caseName: 'Trực tuyến', description: 'Nộp trên Cổng.' },
    ]);
  });

  it('bounds legal documents at 200, steps at 200 in all, results at 50', () => {
    const legals = Array.from({ length: 201 }, (_, i) => legal({ SOVANBAN: `${i}/2020/NĐ-CP` }));
    expect(mapped(withLegal(...legals.slice(0, 200))).legalDocuments).toHaveLength(200);
    expect(problemsOf(withLegal(...legals))).toEqual(['[0].CANCUPHAPLY: has more than 200 entries']);
    const steps = (count: number) => Array.from({ length: count }, (_, i) => ({ TENTRINHTU: `Bước ${i}` }));
    expect(mapped({ ...base(), TRINHTUTHUCHIEN: [{ TRINHTU: steps(100) }, { TRINHTU: steps(100) }] }).steps).toHaveLength(200);
    expect(problemsOf({ ...base(), TRINHTUTHUCHIEN: [{ TRINHTU: steps(100) }, { TRINHTU: steps(101) }] })).toEqual([
      '[0].TRINHTUTHUCHIEN: has more than 200 steps in all',
    ]);
    const results = Array.from({ length: 51 }, (_, i) => ({ TENKETQUA: `Kết quả ${i}` }));
    expect(mapped({ ...base(), KETQUATHUCHIEN: results.slice(0, 50) }).results).toHaveLength(50);
    expect(problemsOf({ ...base(), KETQUATHUCHIEN: results })).toEqual(['[0].KETQUATHUCHIEN: has more than 50 entries']);
  });
});

describe('mapPackage: documents', () => {
  it('reads a document of a case, with its counts and form', () => {
    const document = mapped(
      withDocument({ SOBANCHINH: 2, SOBANSAO: ' 1 ', TENMAUDON: 'Mẫu 01', URL: 'http://example.gov.vn/mau 01.docx' }, 'Trường hợp cấp lại'),
    ).documents[0];
    expect(document).toEqual({
      caseName: 'Trường hợp cấp lại',
      name: 'Tờ khai',
      originals: 2,
      copies: 1,
      isRequired: true,
      formName: 'Mẫu 01',
      formUrl: 'http://example.gov.vn/mau 01.docx',
    });
    expect(mapped(withDocument({ SOBANCHINH: '', SOBANSAO: 'Không', TENMAUDON: '', URL: '' })).documents[0]).toMatchObject({
      caseName: null,
      originals: 0,
      copies: 0,
      formName: null,
      formUrl: null,
    });
    expect(mapped(withDocument({ SOBANCHINH: '100' })).documents[0].originals).toBe(100);
  });

  it('refuses a document without a name, a count that is not 0 to 100, and a link that is not http(s)', () => {
    expect(problemsOf(withDocument({ TENGIAYTO: '' }))).toEqual(['[0].THANHPHANHOSO[0].GIAYTO[0].TENGIAYTO: is missing']);
    const counts = ['abc', '101', '-1', '1.5'];
    expect(problemsOf({ ...base(), THANHPHANHOSO: [{ GIAYTO: counts.map((count) => ({ TENGIAYTO: 'x', SOBANSAO: count })) }] })).toEqual(
      counts.map((count, i) => `[0].THANHPHANHOSO[0].GIAYTO[${i}].SOBANSAO: "${count}" is not a number of copies (0 to 100)`),
    );
    const long = `https://example.gov.vn/${'a'.repeat(977)}`;
    expect(mapped(withDocument({ URL: long })).documents[0].formUrl).toHaveLength(1000);
    const urls = ['ftp://example.gov.vn/a.doc', '/bieumau/a.doc', 'example.gov.vn/a.doc', 'javascript:alert(1)', `${long}b`];
    expect(problemsOf({ ...base(), ThanhPhanHoSo: [{ GiayTo: urls.map((url) => ({ TenGiayTo: 'x', Url: url })) }] })).toEqual([
      '[0].ThanhPhanHoSo[0].GiayTo[0].Url: "ftp://example.gov.vn/a.doc" is not an http(s) URL',
      '[0].ThanhPhanHoSo[0].GiayTo[1].Url: "/bieumau/a.doc" is not an http(s) URL',
      '[0].ThanhPhanHoSo[0].GiayTo[2].Url: "example.gov.vn/a.doc" is not an http(s) URL',
      '[0].ThanhPhanHoSo[0].GiayTo[3].Url: "javascript:alert(1)" is not an http(s) URL',
      `[0].ThanhPhanHoSo[0].GiayTo[4].Url: "${long.slice(0, 80)}…" is not an http(s) URL`,
    ]);
  });

  it('bounds documents at 300 in all', () => {
    const documents = (count: number) => Array.from({ length: count }, (_, i) => ({ TENGIAYTO: `Giấy tờ ${i}` }));
    expect(mapped({ ...base(), THANHPHANHOSO: [{ GIAYTO: documents(150) }, { GIAYTO: documents(150) }] }).documents).toHaveLength(300);
    expect(problemsOf({ ...base(), THANHPHANHOSO: [{ GIAYTO: documents(150) }, { GIAYTO: documents(151) }] })).toEqual([
      '[0].THANHPHANHOSO: has more than 300 documents in all',
    ]);
  });
});

describe('mapPackage: channels and times', () => {
  it('orders channels in person, online, post, whatever the package order, and accepts KENH as a number', () => {
    const pkg = base();
    pkg.CACHTHUCTHUCHIEN = [{ KENH: '3' }, { KENH: 2 }, { KENH: ' 1 ' }];
    expect(mapped(pkg).channels).toEqual(
      [ChannelKind.IN_PERSON, ChannelKind.ONLINE, ChannelKind.POSTAL].map((channel) => ({
        channel,
        timeValue: null,
        timeUnit: null,
        timeDescription: '',
        fees: [],
      })),
    );
  });

  it('refuses an unknown or missing channel, and still reports the problems of its times', () => {
    const pkg = base();
    pkg.CACHTHUCTHUCHIEN = [{ KENH: '7', THOIGIAN: [{ THOIGIANGIAIQUYET: 'abc', DONVITINH: 'Ngày' }] }, { THOIGIAN: [] }];
    expect(problemsOf(pkg, 5)).toEqual([
      '[5].CACHTHUCTHUCHIEN[0].KENH: "7" is not a channel (1 in person, 2 online, 3 public post)',
      '[5].CACHTHUCTHUCHIEN[0].THOIGIAN[0].THOIGIANGIAIQUYET: "abc" is not a number of days or hours',
      '[5].CACHTHUCTHUCHIEN[1].KENH: is missing',
    ]);
  });

  it('merges a channel listed twice: its times and fees appended, the first time giving the value', () => {
    const pkg = base();
    pkg.CACHTHUCTHUCHIEN = [
      { KENH: '1', THOIGIAN: [{ THOIGIANGIAIQUYET: '5', DONVITINH: 'Ngày làm việc', MOTA: 'Hồ sơ đầy đủ.', PHILEPHI: [fee({ SOTIEN: '10.000' })] }] },
      { KENH: '2', THOIGIAN: [{ THOIGIANGIAIQUYET: '3', DONVITINH: 'Ngày làm việc' }] },
      { KENH: '1', THOIGIAN: [{ THOIGIANGIAIQUYET: '15', DONVITINH: 'Ngày làm việc', MOTA: 'Cần xác minh.', PHILEPHI: [fee({ SOTIEN: '20.000' })] }] },
    ];
    const [inPerson, online] = mapped(pkg).channels;
    expect(inPerson).toEqual({
      channel: ChannelKind.IN_PERSON,
      timeValue: 5,
      timeUnit: TimeUnit.WORKING_DAY,
      timeDescription: 'Hồ sơ đầy đủ.\n15 Ngày làm việc: Cần xác minh.',
      fees: [
        { kind: FeeKind.CHARGE, amountVnd: 10000, description: 'Lệ phí.' },
        { kind: FeeKind.CHARGE, amountVnd: 20000, description: 'Lệ phí.' },
      ],
    });
    expect(online).toMatchObject({ channel: ChannelKind.ONLINE, timeValue: 3, timeDescription: '' });
  });

  it('keeps every time entry in the description, the later ones after their value and unit as written', () => {
    const pkg = base();
    pkg.CACHTHUCTHUCHIEN[0].THOIGIAN = [
      { THOIGIANGIAIQUYET: '05', DONVITINH: 'ngày làm việc', MOTA: 'Trường hợp thông thường.', PHILEPHI: [fee({ SOTIEN: '1.000' })] },
      { THOIGIANGIAIQUYET: '2', DONVITINH: 'Giờ', PHILEPHI: [fee({ SOTIEN: '2.000' })] },
      { MOTA: 'Theo thỏa thuận.', PHILEPHI: [fee({ SOTIEN: '3.000' })] },
    ];
    const [channel] = mapped(pkg).channels;
    expect(channel.timeValue).toBe(5);
    expect(channel.timeUnit).toBe(TimeUnit.WORKING_DAY);
    expect(channel.timeDescription).toBe('Trường hợp thông thường.\n2 Giờ\nTheo thỏa thuận.');
    expect(channel.fees.map((f) => f.amountVnd)).toEqual([1000, 2000, 3000]);
  });

  it('reads time values with a dot or a comma, and no time for empty or Không', () => {
    const value = (text: unknown) => mapped(withTime({ THOIGIANGIAIQUYET: text, DONVITINH: 'Ngày' })).channels[0].timeValue;
    expect([value('5'), value('1.5'), value('1,5'), value('0.5'), value(5), value('1000'), value('0')]).toEqual([5, 1.5, 1.5, 0.5, 5, 1000, 0]);
    expect([value(''), value(undefined), value('Không'), value(null)]).toEqual([null, null, null, null]);
    expect(mapped(withTime({ THOIGIANGIAIQUYET: '', DONVITINH: 'Ngày' })).channels[0].timeUnit).toBeNull();
    for (const bad of ['abc', '-1', '1001', '1.2.3', '5 ngày']) {
      expect(problemsOf(withTime({ THOIGIANGIAIQUYET: bad, DONVITINH: 'Ngày' }))).toEqual([
        `[0].CACHTHUCTHUCHIEN[0].THOIGIAN[0].THOIGIANGIAIQUYET: "${bad}" is not a number of days or hours`,
      ]);
    }
  });

  it('reads time units by name whatever the case and diacritics', () => {
    const unit = (text: string) => mapped(withTime({ THOIGIANGIAIQUYET: '2', DONVITINH: text })).channels[0].timeUnit;
    expect(['Ngày làm việc', 'ngày làm việc', ' NGÀY LÀM VIỆC ', 'Ngay lam viec'].map(unit)).toEqual(Array(4).fill(TimeUnit.WORKING_DAY));
    expect(['Ngày', 'ngày'].map(unit)).toEqual([TimeUnit.DAY, TimeUnit.DAY]);
    expect(['Giờ', 'giờ làm việc'].map(unit)).toEqual([TimeUnit.HOUR, TimeUnit.HOUR]);
    expect(problemsOf(withTime({ THOIGIANGIAIQUYET: '2', DONVITINH: 'Tuần lễ' }))).toEqual([
      '[0].CACHTHUCTHUCHIEN[0].THOIGIAN[0].DONVITINH: "Tuần lễ" is not a time unit',
    ]);
    expect(problemsOf(withTime({ THOIGIANGIAIQUYET: '2', DONVITINH: '' }))).toEqual(['[0].CACHTHUCTHUCHIEN[0].THOIGIAN[0].DONVITINH: a time needs its unit']);
    expect(problemsOf(withTime({ ThoiGianGiaiQuyet: '2' }))).toEqual(['[0].CACHTHUCTHUCHIEN[0].THOIGIAN[0].DONVITINH: a time needs its unit']);
  });

  it('keeps a time in months only in the description', () => {
    expect(mapped(withTime({ THOIGIANGIAIQUYET: '3', DONVITINH: 'Tháng', MOTA: 'Kể từ ngày nhận hồ sơ.' })).channels[0]).toMatchObject({
      timeValue: null,
      timeUnit: null,
      timeDescription: '3 Tháng: Kể từ ngày nhận hồ sơ.',
    });
    expect(mapped(withTime({ THOIGIANGIAIQUYET: '1', DONVITINH: 'tháng' })).channels[0].timeDescription).toBe('1 tháng');
  });

  it('bounds times at 20 and fees at 50 a channel, merged entries counted together', () => {
    const time = { THOIGIANGIAIQUYET: '1', DONVITINH: 'Ngày' };
    const pkg = base();
    pkg.CACHTHUCTHUCHIEN = [
      { KENH: '1', THOIGIAN: Array(15).fill(time) },
      { KENH: '1', THOIGIAN: Array(5).fill(time) },
    ];
    expect(mapped(pkg).channels[0].timeDescription.split('\n')).toHaveLength(19);
    pkg.CACHTHUCTHUCHIEN.push({ KENH: '1', THOIGIAN: [time] });
    expect(problemsOf(pkg)).toEqual(['[0].CACHTHUCTHUCHIEN[2].THOIGIAN: gives the channel more than 20 times']);
    const fees = (count: number) => Array.from({ length: count }, () => fee({}));
    pkg.CACHTHUCTHUCHIEN = [
      {
        KENH: '1',
        THOIGIAN: [
          { ...time, PHILEPHI: fees(25) },
          { ...time, PHILEPHI: fees(25) },
        ],
      },
    ];
    expect(mapped(pkg).channels[0].fees).toHaveLength(50);
    pkg.CACHTHUCTHUCHIEN[0].THOIGIAN[1].PHILEPHI.push(fee({}));
    expect(problemsOf(pkg)).toEqual(['[0].CACHTHUCTHUCHIEN[0].THOIGIAN[1].PHILEPHI: gives the channel more than 50 fees']);
  });
});

describe('mapPackage: fees', () => {
  it('reads fee kinds with stray apostrophes and spaces', () => {
    const kind = (text: unknown) => firstFee(withFees(fee({ MAPHILEPHI: text }))).kind;
    expect(['1', "1'", '1’', '1`', ' 1 ', 1].map(kind)).toEqual(Array(6).fill(FeeKind.FEE));
    expect(['2', "2'", "2 '", 2].map(kind)).toEqual(Array(4).fill(FeeKind.CHARGE));
    expect(problemsOf(withFees(fee({ MAPHILEPHI: '3' }), fee({ MAPHILEPHI: '' }), fee({ MAPHILEPHI: 'phí' })))).toEqual([
      '[0].CACHTHUCTHUCHIEN[0].THOIGIAN[0].PHILEPHI[0].MAPHILEPHI: "3" is not a fee kind (1 phí, 2 lệ phí)',
      '[0].CACHTHUCTHUCHIEN[0].THOIGIAN[0].PHILEPHI[1].MAPHILEPHI: is missing',
      '[0].CACHTHUCTHUCHIEN[0].THOIGIAN[0].PHILEPHI[2].MAPHILEPHI: "phí" is not a fee kind (1 phí, 2 lệ phí)',
    ]);
  });

  it('reads amounts with thousands separators, currency, Không and Miễn', () => {
    const amount = (text: unknown) => firstFee(withFees(fee({ SOTIEN: text }))).amountVnd;
    const cases: Array<[unknown, number | null]> = [
      ['50.000', 50000],
      ['50,000', 50000],
      ['1.500.000', 1500000],
      ['50000', 50000],
      ['0', 0],
      ['Không', 0],
      ['không', 0],
      ['Miễn', 0],
      ['Miễn phí', 0],
      ['50.000 đồng', 50000],
      ['50.000đ', 50000],
      ['50.000 VNĐ', 50000],
      [50000, 50000],
      [0, 0],
      ['1.000.000.000', MAX_FEE_VND],
      ['', null],
      [undefined, null],
      [null, null],
    ];
    expect(cases.map(([text]) => amount(text))).toEqual(cases.map(([, expected]) => expected));
  });

  it('refuses amounts that are not whole VND, negative or above the bound, with the exact problem', () => {
    const pkg = withFees(fee({ SOTIEN: '10.000' }), fee({ SOTIEN: 'abc' }));
    expect(problemsOf(pkg, 12)).toEqual(['[12].CACHTHUCTHUCHIEN[0].THOIGIAN[0].PHILEPHI[1].SOTIEN: "abc" is not an amount']);
    const bad: Array<[unknown, string]> = [
      ['1.5', '"1.5" is not an amount'],
      ['1,5', '"1,5" is not an amount'],
      ['50.00', '"50.00" is not an amount'],
      ['1.500,000', '"1.500,000" is not an amount'],
      [1.5, '"1.5" is not an amount'],
      ['-5.000', '"-5.000" is a negative amount'],
      [-5000, '"-5000" is a negative amount'],
      ['1.000.000.001', '"1.000.000.001" is above 1,000,000,000 VND'],
      ['2000000000 đồng', '"2000000000 đồng" is above 1,000,000,000 VND'],
    ];
    expect(problemsOf(withFees(...bad.map(([text]) => fee({ SOTIEN: text }))))).toEqual(
      bad.map(([, message], i) => `[0].CACHTHUCTHUCHIEN[0].THOIGIAN[0].PHILEPHI[${i}].SOTIEN: ${message}`),
    );
  });

  it('takes Đồng, VNĐ, VND or no unit as VND, and keeps any other unit as a rate in the description', () => {
    for (const unit of ['Đồng', 'đồng', 'VNĐ', 'VND', '', undefined]) expect(firstFee(withFees(fee({ DONVI: unit }))).amountVnd).toBe(50000);
    expect(firstFee(withFees(fee({ SOTIEN: '0,5', DONVI: '%', MOTA: 'Giá trị hợp đồng.' })))).toEqual({
      kind: FeeKind.CHARGE,
      amountVnd: null,
      description: '0,5 %: Giá trị hợp đồng.',
    });
    expect(firstFee(withFees(fee({ SOTIEN: '2', DONVI: '%', MOTA: undefined })))).toEqual({ kind: FeeKind.CHARGE, amountVnd: null, description: '2 %' });
    expect(firstFee(withFees(fee({ MOTA: undefined }))).description).toBe('');
  });
});

describe('mapPackage: any input', () => {
  const KEYS = [
    'MATTHC',
    'TENTTHC',
    'TRANGTHAI',
    'YEUCAU',
    'QUYETDINH',
    'MOTADOITUONGTHUCHIEN',
    'CAPTHUCHIEN',
    'LINHVUCTHUCHIEN',
    'TENLINHVUC',
    'DOITUONGTHUCHIEN',
    'TENDOITUONG',
    'COQUANTHUCHIEN',
    'CACHTHUCTHUCHIEN',
    'KENH',
    'THOIGIAN',
    'THOIGIANGIAIQUYET',
    'DONVITINH',
    'MOTA',
    'PHILEPHI',
    'MAPHILEPHI',
    'SOTIEN',
    'DONVI',
    'THANHPHANHOSO',
    'TRUONGHOP',
    'GIAYTO',
    'TENGIAYTO',
    'SOBANCHINH',
    'SOBANSAO',
    'URL',
    'TRINHTUTHUCHIEN',
    'TRINHTU',
    'TENTRINHTU',
    'KETQUATHUCHIEN',
    'TENKETQUA',
    'CANCUPHAPLY',
    'SOVANBAN',
    'TENVANBAN',
    'NGAYBANHANH',
    'TTHCLIENTHONG',
  ];
  const key = fc.oneof(
    fc
      .constantFrom(...KEYS)
      .chain((name) =>
        fc
          .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
          .map((lower) => [...name].map((c, i) => (lower[i] ? c.toLowerCase() : c)).join('')),
      ),
    fc.string({ maxLength: 8 }),
  );
  const scalar = fc.oneof(
    fc.constantFrom('1', '2', "2'", '0', '50.000', 'Không', 'Tháng', 'Ngày làm việc', '31/02/2024', '2015-11-15T17:00:00Z', 'https://x.vn', '%', ''),
    fc.string({ maxLength: 12, unit: 'binary' }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
  );
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(key, tie('value'), { maxKeys: 6 }),
    ),
  }));

  it('never throws: it maps the package or lists at most 20 problems, each under the package path', () => {
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(key, value, { maxKeys: 12 }), value), fc.nat(1000), (raw, index) => {
        const result: MappedPackage = mapPackage(raw as Json, index);
        if (result.ok) {
          expect(result.procedure.levels.length).toBeGreaterThan(0);
        } else {
          expect(result.problems.length).toBeGreaterThan(0);
          expect(result.problems.length).toBeLessThanOrEqual(20);
          for (const problem of result.problems) expect(problem.path.startsWith(`[${index}]`)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on a valid package with one value replaced by anything', () => {
    const paths: string[][] = [
      ['MATTHC'],
      ['CAPTHUCHIEN'],
      ['CACHTHUCTHUCHIEN'],
      ['CACHTHUCTHUCHIEN', '0'],
      ['CACHTHUCTHUCHIEN', '0', 'THOIGIAN'],
      ['CACHTHUCTHUCHIEN', '0', 'THOIGIAN', '0', 'PHILEPHI'],
      ['CACHTHUCTHUCHIEN', '0', 'THOIGIAN', '0', 'THOIGIANGIAIQUYET'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), value, (at, replacement) => {
        const pkg = structuredClone(sample[0]) as Json;
        let parent: any = pkg;
        for (const step of at.slice(0, -1)) parent = parent[step];
        parent[at[at.length - 1]] = replacement;
        const result = mapPackage(pkg, 0);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});
