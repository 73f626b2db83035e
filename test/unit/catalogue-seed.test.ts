import { buildCatalogueSeed, type CatalogueSeed } from '../../seeds/build-catalogue';
import { readDataFile } from '../../seeds/vocabulary';
import type { ProcedureRecord } from '../../src/catalogue/write/catalogue-record';
import { ChannelKind } from '../../src/shared/channels';
import type { AdministrativeLevel } from '../../src/shared/levels';

/**
 * The seed catalogue, built in memory (no database): the published Lạng Sơn counts, the real
 * procedures, determinism and referential integrity.
 */

/** Published figures for Lạng Sơn, spring 2025 (Lang Son Newspaper, see seeds/README.md). */
const TARGETS: Record<AdministrativeLevel, { total: number; oneStop: number }> = {
  PROVINCE: { total: 1448, oneStop: 1285 },
  DISTRICT: { total: 267, oneStop: 226 },
  COMMUNE: { total: 108, oneStop: 92 },
};

const realRows = readDataFile('real-procedures.csv');

let seed: CatalogueSeed;
beforeAll(() => {
  seed = buildCatalogueSeed();
});

const countWhere = (predicate: (procedure: ProcedureRecord) => boolean) => seed.procedures.filter(predicate).length;

describe('catalogue seed counts', () => {
  it('has 1,823 public procedures', () => {
    expect(seed.procedures).toHaveLength(1823);
    expect(seed.procedures.every((procedure) => procedure.status === 'PUBLIC')).toBe(true);
  });

  it.each(Object.entries(TARGETS))('%s level matches the published totals', (level, target) => {
    expect(countWhere((p) => p.level === level)).toBe(target.total);
    expect(countWhere((p) => p.level === level && p.isOneStop)).toBe(target.oneStop);
    expect(countWhere((p) => p.level === level && !p.isOneStop)).toBe(target.total - target.oneStop);
  });

  it('has 1,603 one-stop procedures in total', () => {
    expect(countWhere((p) => p.isOneStop)).toBe(1603);
  });

  it('marks only one-stop procedures as inter-connected', () => {
    expect(countWhere((p) => p.isInterconnected && !p.isOneStop)).toBe(0);
    expect(countWhere((p) => p.isInterconnected)).toBeGreaterThan(0);
  });
});

describe('real procedures', () => {
  it('contains all 62 with their national codes, names, levels and English glosses', () => {
    expect(realRows).toHaveLength(62);
    const byCode = new Map(seed.procedures.map((procedure) => [procedure.code, procedure]));
    for (const row of realRows) {
      const procedure = byCode.get(row.code);
      expect(procedure).toBeDefined();
      expect(procedure).toMatchObject({
        name: row.name_vi,
        nameEn: row.name_en,
        level: row.level,
        isRepresentative: false,
      });
    }
    expect(countWhere((p) => !p.isRepresentative)).toBe(62);
  });

  it('files each real procedure under its real field', () => {
    const fieldName = new Map(seed.fields.map((field) => [field.code, field.name]));
    for (const row of realRows) {
      const procedure = seed.procedures.find((p) => p.code === row.code);
      expect(fieldName.get(procedure?.fieldCode ?? '')).toBe(row.field_vi);
    }
  });

  it('uses the fees and times the source notes give', () => {
    const find = (code: string) => seed.procedures.find((p) => p.code === code);
    expect(find('2.001263')?.channels[0].fees[0].amountVnd).toBe(400000);
    expect(find('2.000884')?.channels[0].fees[0].amountVnd).toBe(10000);
    expect(find('2.000815')?.channels[0].fees[0].description).toContain('200.000 đồng');
    expect(find('2.000806')?.channels[0]).toMatchObject({ timeValue: 5, timeUnit: 'WORKING_DAY' });
    expect(find('1.001612')?.channels[0]).toMatchObject({ timeValue: 3, timeUnit: 'WORKING_DAY' });
    expect(find('1.001612')?.channels[0].fees[0].amountVnd).toBeNull();
  });
});

describe('codes and names', () => {
  it('has unique procedure codes, none of the representative ones starting with a digit', () => {
    const codes = seed.procedures.map((p) => p.code);
    expect(new Set(codes).size).toBe(codes.length);
    const representative = seed.procedures.filter((p) => p.isRepresentative);
    expect(representative).toHaveLength(1823 - 62);
    expect(representative.filter((p) => /^\d/.test(p.code) || !/^R\.\d{6}$/.test(p.code))).toEqual([]);
    expect(representative.filter((p) => p.nameEn !== null)).toEqual([]);
  });

  it('has unique names, also ignoring case, accents and punctuation', () => {
    const names = seed.procedures.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    const folded = names.map((name) =>
      name
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[đĐ]/g, 'd')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .trim(),
    );
    expect(new Set(folded).size).toBe(folded.length);
  });

  it('has unique codes for units, fields, agencies and legal documents', () => {
    const duplicates = (values: string[]) => values.filter((value, index) => values.indexOf(value) !== index);
    expect(duplicates(seed.units.map((u) => u.code))).toEqual([]);
    expect(duplicates(seed.fields.map((f) => f.code))).toEqual([]);
    expect(duplicates(seed.fields.map((f) => f.name))).toEqual([]);
    expect(duplicates(seed.agencies.map((a) => a.code))).toEqual([]);
    expect(duplicates(seed.legalDocuments.map((d) => d.number))).toEqual([]);
    expect(seed.fields.filter((f) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(f.code))).toEqual([]);
    expect(seed.agencies.filter((a) => !/^[\x21-\x7e]+$/.test(a.code))).toEqual([]);
  });
});

describe('determinism', () => {
  it('builds the same catalogue on every call', () => {
    expect(buildCatalogueSeed()).toEqual(seed);
  });
});

/** Procedures (by code) for which `problem` returns a message; the assertion lists them all. */
function offenders(problem: (procedure: ProcedureRecord) => string | null): string[] {
  return seed.procedures.flatMap((procedure) => {
    const message = problem(procedure);
    return message === null ? [] : [`${procedure.code}: ${message}`];
  });
}

describe('channels and fees', () => {
  it('offers ONLINE exactly when the online service level is not NONE, and IN_PERSON always', () => {
    expect(
      offenders((p) => {
        const channels = p.channels.map((c) => c.channel);
        if (!channels.includes(ChannelKind.IN_PERSON)) return 'no IN_PERSON channel';
        if (channels.includes(ChannelKind.ONLINE) !== (p.onlineServiceLevel !== 'NONE')) return `ONLINE vs ${p.onlineServiceLevel}`;
        if (new Set(channels).size !== channels.length) return 'duplicate channel';
        return null;
      }),
    ).toEqual([]);
  });

  it('has fee amounts that are null or non-negative whole numbers, and a time unit exactly with a time value', () => {
    expect(
      offenders((p) => {
        for (const channel of p.channels) {
          if (channel.fees.length === 0) return `${channel.channel} has no fee row`;
          const bad = channel.fees.find((fee) => fee.amountVnd !== null && !(Number.isInteger(fee.amountVnd) && fee.amountVnd >= 0));
          if (bad) return `fee amount ${bad.amountVnd}`;
          if ((channel.timeValue === null) !== (channel.timeUnit === null)) return 'time value without unit';
        }
        return null;
      }),
    ).toEqual([]);
  });

  it('agrees across channels on whether a procedure is free', () => {
    const isFree = (fees: { amountVnd: number | null }[]) => fees.every((fee) => fee.amountVnd === 0);
    expect(offenders((p) => (new Set(p.channels.map((c) => isFree(c.fees))).size === 1 ? null : 'free on some channels only'))).toEqual([]);
  });
});

describe('references', () => {
  it('points every procedure at an existing field, agency and legal document', () => {
    const fields = new Set(seed.fields.map((f) => f.code));
    const agencies = new Set(seed.agencies.map((a) => a.code));
    const documents = new Set(seed.legalDocuments.map((d) => d.number));
    expect(
      offenders((p) => {
        if (!fields.has(p.fieldCode)) return `unknown field ${p.fieldCode}`;
        if (!agencies.has(p.agencyCode)) return `unknown agency ${p.agencyCode}`;
        if (p.legalBasis.length < 1 || p.legalBasis.length > 3) return `${p.legalBasis.length} legal documents`;
        const unknown = p.legalBasis.find((number) => !documents.has(number));
        return unknown ? `unknown legal document ${unknown}` : null;
      }),
    ).toEqual([]);
  });

  it('points every unit parent and agency unit at an existing unit', () => {
    const units = new Map(seed.units.map((u) => [u.code, u]));
    expect(seed.units.filter((u) => (u.level === 'PROVINCE' ? u.parentCode !== null : !units.has(u.parentCode ?? '')))).toEqual([]);
    expect(seed.agencies.filter((a) => !units.has(a.unitCode))).toEqual([]);
  });

  it('keeps every administrative unit of the source file, codes as written', () => {
    const rows = readDataFile('administrative-units.csv');
    expect(seed.units.map((u) => u.code)).toEqual(rows.map((row) => row.code));
    expect(seed.units.some((u) => u.code === '05971')).toBe(true);
  });

  it('has a People’s Committee for every district- and commune-level unit of Lạng Sơn', () => {
    const agencyUnits = new Set(seed.agencies.map((a) => a.unitCode));
    const byCode = new Map(seed.units.map((u) => [u.code, u]));
    const inLangSon = seed.units.filter((unit) => {
      let current = unit;
      while (current.parentCode) current = byCode.get(current.parentCode) ?? current;
      return current.code === '20' && unit.level !== 'PROVINCE';
    });
    expect(inLangSon.length).toBeGreaterThan(100);
    expect(inLangSon.filter((unit) => !agencyUnits.has(unit.code))).toEqual([]);
  });

  it('has implementing agencies of the procedure’s level', () => {
    const levelOf = new Map(seed.agencies.map((a) => [a.code, a.level]));
    expect(offenders((p) => (levelOf.get(p.agencyCode) === p.level ? null : `agency ${p.agencyCode}`))).toEqual([]);
  });
});

describe('record shape', () => {
  it('has 1–8 documents, 2–5 steps, 1–2 results and dates in range', () => {
    const within = (value: number, min: number, max: number) => value >= min && value <= max;
    expect(
      offenders((p) => {
        if (!within(p.documents.length, 1, 8)) return `${p.documents.length} documents`;
        if (!within(p.steps.length, 2, 5)) return `${p.steps.length} steps`;
        if (!within(p.results.length, 1, 2)) return `${p.results.length} results`;
        if (p.subjects.length === 0) return 'no subjects';
        if (!(p.effectiveFrom >= '2021-01-01' && p.effectiveFrom <= '2025-03-01')) return `effective ${p.effectiveFrom}`;
        if (!(p.updatedAt >= '2023-01-01T00:00:00' && p.updatedAt <= '2025-03-31T00:00:00')) return `updated ${p.updatedAt}`;
        if (Date.parse(p.updatedAt) < Date.parse(p.effectiveFrom)) return 'updated before effective';
        const document = p.documents.find(
          (d) => d.originals < 0 || d.copies < 0 || (d.formUrl !== null && !d.formUrl.startsWith('https://dichvucong.gov.vn/')),
        );
        return document ? `document ${document.name}` : null;
      }),
    ).toEqual([]);
    expect(new Set(seed.procedures.map((p) => p.updatedAt)).size).toBeGreaterThan(1000);
  });
});

describe('provenance', () => {
  const generatedEverywhere = ['implementingAgency', 'status', 'effectiveFrom', 'effectiveTo', 'updatedAt', 'conditions', 'announcementDecision', 'steps'];

  it('names every field of a representative procedure as generated', () => {
    const all = seed.procedures.find((p) => p.code === 'R.000001')!.representativeFields;
    expect(all).toEqual(expect.arrayContaining(['name', 'field', 'channels', 'requiredDocuments', 'legalBasis', ...generatedEverywhere]));
    expect(offenders((p) => (p.isRepresentative && p.representativeFields.join() !== all.join() ? p.representativeFields.join() : null))).toEqual([]);
  });

  it('names only what the sources do not give as generated for a real procedure', () => {
    const birth = seed.procedures.find((p) => p.code === '1.001193')!;
    // The birth registration's time, fee and documents are in real-procedure-details.csv and real-procedure-documents.csv.
    expect(birth.representativeFields).toEqual(generatedEverywhere);
    for (const p of seed.procedures.filter((procedure) => !procedure.isRepresentative)) {
      expect(p.representativeFields).not.toContain('name');
      expect(p.representativeFields).toEqual(expect.arrayContaining(generatedEverywhere));
    }
  });

  it('ties every procedure to a representative announcement decision of the seed, numbers unique', () => {
    const acts = new Map(seed.legalActs.map((a) => [a.number, a]));
    expect(acts.size).toBe(seed.legalActs.length);
    expect(seed.legalActs.every((a) => a.isRepresentative)).toBe(true);
    expect(
      offenders((p) => {
        const act = acts.get(p.enactedBy?.legalAct ?? '');
        if (!act) return `no act ${p.enactedBy?.legalAct}`;
        return p.announcementDecision?.startsWith(`Quyết định số ${act.number} `) && act.issuedOn === p.effectiveFrom
          ? null
          : `${act.number} vs ${p.announcementDecision}`;
      }),
    ).toEqual([]);
  });
});
