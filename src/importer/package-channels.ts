import { ChannelKind } from '../shared/channels';
import { FeeKind, type TimeUnit } from '../catalogue/catalogue.enums';
import type { ChannelRecord, FeeRecord } from '../catalogue/write/catalogue-record';
import { NAME_MAX, TEXT_MAX, type Entry, type Reader } from './package-fields';
import { MONTH, isVndUnit, parseAmount, parseChannel, parseFeeKind, parseTimeUnit, parseTimeValue } from './package-values';

const CHANNEL_ORDER = [ChannelKind.IN_PERSON, ChannelKind.ONLINE, ChannelKind.POSTAL];

/** One THOIGIAN entry: its time as read and as written, its description, and its fees. */
interface Time {
  value: number | null;
  unit: TimeUnit | typeof MONTH | null;
  written: string;
  description: string;
}

/** A channel as its entries of CACHTHUCTHUCHIEN give it, before it becomes a record. */
interface ChannelDraft {
  times: Time[];
  fees: FeeRecord[];
}

/**
 * CACHTHUCTHUCHIEN: entries of one KENH are merged (their times and fees appended). The first
 * time gives the channel's value and unit; months have no unit of ours, so a time in `Tháng`
 * leaves value and unit null and is kept, as written, in the description. Each later time is
 * kept in the description too, after its value and unit as written: nothing the package says is
 * lost. At most 20 times and 50 fees a channel.
 */
export function mapChannels(read: Reader, pkg: Entry): ChannelRecord[] {
  const drafts = new Map<ChannelKind, ChannelDraft>();
  for (const item of read.list(pkg, 'CACHTHUCTHUCHIEN')) {
    const kind = read.requiredValue(item, 'KENH', parseChannel);
    // An unknown channel's times are still read: their problems are reported in the same round.
    const draft: ChannelDraft = (kind && drafts.get(kind)) || { times: [], fees: [] };
    if (kind && !drafts.has(kind)) drafts.set(kind, draft);
    const times = read.list(item, 'THOIGIAN');
    for (const time of times) {
      if (draft.times.length === 20) {
        read.problem(item.get('THOIGIAN').path, 'gives the channel more than 20 times');
        break;
      }
      draft.times.push(mapTime(read, time));
      for (const fee of read.list(time, 'PHILEPHI')) {
        if (draft.fees.length === 50) {
          read.problem(time.get('PHILEPHI').path, 'gives the channel more than 50 fees');
          break;
        }
        draft.fees.push(mapFee(read, fee));
      }
    }
  }
  return CHANNEL_ORDER.flatMap((channel) => {
    const draft = drafts.get(channel);
    if (!draft) return [];
    const [first, ...later] = draft.times;
    const fixed = first && first.value !== null && first.unit !== null && first.unit !== MONTH ? { value: first.value, unit: first.unit } : null;
    const descriptions = [
      first && (fixed ? first.description : joined(first.written, first.description)),
      ...later.map((time) => joined(time.written, time.description)),
    ];
    return [
      {
        channel,
        timeValue: fixed?.value ?? null,
        timeUnit: fixed?.unit ?? null,
        timeDescription: descriptions.filter(Boolean).join('\n'),
        fees: draft.fees,
      },
    ];
  });
}

/** `15 Ngày làm việc: <MOTA>`, or either part alone when the other is empty. */
const joined = (head: string, tail: string) => (head && tail ? `${head}: ${tail}` : head || tail);

function mapTime(read: Reader, time: Entry): Time {
  const valueText = read.scalar(time, 'THOIGIANGIAIQUYET', NAME_MAX);
  const unitText = read.scalar(time, 'DONVITINH', NAME_MAX);
  const value = valueText === null ? null : read.parsed(parseTimeValue(valueText), time.get('THOIGIANGIAIQUYET').path);
  const unit = unitText === null ? null : read.parsed(parseTimeUnit(unitText), time.get('DONVITINH').path);
  if (value !== null && unitText === '') read.problem(time.get('DONVITINH').path, 'a time needs its unit');
  return { value, unit, written: [valueText, unitText].filter(Boolean).join(' '), description: read.scalar(time, 'MOTA', TEXT_MAX) ?? '' };
}

/**
 * PHILEPHI: an amount in VND (DONVI `Đồng`, `VNĐ`, `VND` or empty). Any other unit (`%`,
 * `Đồng/trang`) makes it a rate: no amount, and the rate as written heads the description.
 */
function mapFee(read: Reader, fee: Entry): FeeRecord {
  // An unreadable kind is reported, which fails the package: FEE only fills the record's place.
  const kind = read.requiredValue(fee, 'MAPHILEPHI', parseFeeKind) ?? FeeKind.FEE;
  const amountText = read.scalar(fee, 'SOTIEN', NAME_MAX);
  const unitText = read.scalar(fee, 'DONVI', NAME_MAX);
  const description = read.scalar(fee, 'MOTA', TEXT_MAX) ?? '';
  if (amountText === null || unitText === null || isVndUnit(unitText)) {
    const amountVnd = amountText === null ? null : read.parsed(parseAmount(amountText), fee.get('SOTIEN').path);
    return { kind, amountVnd, description };
  }
  return { kind, amountVnd: null, description: joined([amountText, unitText].filter(Boolean).join(' '), description) };
}
