import type { ChannelRecord, DocumentRecord, FeeRecord, ProcedureRecord } from '../write/catalogue-record';

/** One difference between two versions, at the finest level that says what changed. */
export interface FieldChange {
  /** The field of Procedure it belongs to. */
  field: string;
  /** Where, as a path into the record: `channels[ONLINE].fees[0].amountVnd`, `requiredDocuments["Tờ khai"].copies`. */
  path: string;
  /** The value before (null when the item is new). */
  before: unknown;
  /** The value after (null when the item is gone). */
  after: unknown;
  /** The same in words: `fee 1 on the ONLINE channel: amount 50,000 → 100,000 VND`. */
  summary: string;
}

const vnd = (amount: unknown) => (typeof amount === 'number' ? `${amount.toLocaleString('en')} VND` : 'not fixed');
const shown = (value: unknown) => (value === null || value === undefined ? 'none' : typeof value === 'string' ? `"${value}"` : JSON.stringify(value));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The record's fields as Procedure names them, in the record's order; the time of change aside (every change has one). */
const SCALARS = [
  ['name', 'name'],
  ['nameEn', 'nameEn'],
  ['level', 'level'],
  ['fieldCode', 'field'],
  ['agencyCode', 'implementingAgency'],
  ['status', 'status'],
  ['effectiveFrom', 'effectiveFrom'],
  ['effectiveTo', 'effectiveTo'],
  ['isOneStop', 'isOneStop'],
  ['isInterconnected', 'isInterconnected'],
  ['onlineServiceLevel', 'onlineServiceLevel'],
  ['conditions', 'conditions'],
  ['announcementDecision', 'announcementDecision'],
  ['isRepresentative', 'isRepresentative'],
] as const satisfies readonly (readonly [keyof ProcedureRecord, string])[];

/** Lists whose items are values: an item is added or removed, never changed. */
const SETS = [
  ['subjects', 'subjects'],
  ['results', 'results'],
  ['legalBasis', 'legalBasis'],
  ['representativeFields', 'representativeFields'],
] as const satisfies readonly (readonly [keyof ProcedureRecord, string])[];

/**
 * What changed from one version to the next, lists compared item by item: channels by their kind,
 * fees by their place on the channel, documents by case and name, steps by their place, and value
 * lists (subjects, legal basis, ...) by value. Without a version before (a creation), each field
 * with its whole value.
 */
export function diffRecords(before: ProcedureRecord | null, after: ProcedureRecord): FieldChange[] {
  if (!before) {
    return [
      ...SCALARS.map(([key, field]) => ({ field, path: field, before: null, after: after[key], summary: `${field} ${shown(after[key])}` })),
      ...[...SETS, ['steps', 'steps'] as const, ['channels', 'channels'] as const, ['documents', 'requiredDocuments'] as const].map(([key, field]) => ({
        field,
        path: field,
        before: null,
        after: after[key],
        summary: `${field}: ${(after[key] as unknown[]).length} items`,
      })),
    ];
  }
  const changes: FieldChange[] = [];
  const add = (field: string, path: string, from: unknown, to: unknown, summary: string) =>
    changes.push({ field, path, before: from ?? null, after: to ?? null, summary });

  for (const [key, field] of SCALARS) {
    if (!same(before[key], after[key])) add(field, field, before[key], after[key], `${field} ${shown(before[key])} → ${shown(after[key])}`);
  }
  for (const [key, field] of SETS) {
    const was = new Set(before[key] as string[]);
    const is = new Set(after[key] as string[]);
    for (const item of is) if (!was.has(item)) add(field, `${field}[${JSON.stringify(item)}]`, null, item, `${field}: added ${shown(item)}`);
    for (const item of was) if (!is.has(item)) add(field, `${field}[${JSON.stringify(item)}]`, item, null, `${field}: removed ${shown(item)}`);
  }
  diffSteps(before, after, add);
  diffChannels(before.channels, after.channels, add);
  diffDocuments(before.documents, after.documents, add);
  return changes;
}

type Add = (field: string, path: string, before: unknown, after: unknown, summary: string) => void;

function diffSteps(before: ProcedureRecord, after: ProcedureRecord, add: Add): void {
  const longest = Math.max(before.steps.length, after.steps.length);
  for (let i = 0; i < longest; i++) {
    const [was, is] = [before.steps[i], after.steps[i]];
    if (same(was, is)) continue;
    const what = !was ? 'added' : !is ? 'removed' : 'changed';
    add('steps', `steps[${i}]`, was, is, `step ${i + 1} ${what}${is ? `: ${shown(is.description)}` : ''}`);
  }
}

function diffChannels(before: ChannelRecord[], after: ChannelRecord[], add: Add): void {
  const was = new Map(before.map((c) => [c.channel, c]));
  const is = new Map(after.map((c) => [c.channel, c]));
  for (const [kind, channel] of is) {
    const old = was.get(kind);
    const at = `channels[${kind}]`;
    if (!old) {
      add('channels', at, null, channel, `${kind} channel added`);
      continue;
    }
    for (const key of ['timeValue', 'timeUnit', 'timeDescription'] as const) {
      if (!same(old[key], channel[key]))
        add('channels', `${at}.${key}`, old[key], channel[key], `${key} on the ${kind} channel: ${shown(old[key])} → ${shown(channel[key])}`);
    }
    diffFees(kind, old.fees, channel.fees, add);
  }
  for (const [kind, channel] of was) if (!is.has(kind)) add('channels', `channels[${kind}]`, channel, null, `${kind} channel removed`);
}

function diffFees(kind: string, before: FeeRecord[], after: FeeRecord[], add: Add): void {
  const longest = Math.max(before.length, after.length);
  for (let i = 0; i < longest; i++) {
    const [was, is] = [before[i], after[i]];
    const at = `channels[${kind}].fees[${i}]`;
    const which = `fee ${i + 1} on the ${kind} channel`;
    if (!was || !is) {
      add('channels', at, was, is, `${which} ${was ? 'removed' : 'added'}: ${vnd((is ?? was).amountVnd)}`);
      continue;
    }
    if (!same(was.amountVnd, is.amountVnd))
      add('channels', `${at}.amountVnd`, was.amountVnd, is.amountVnd, `${which}: ${vnd(was.amountVnd)} → ${vnd(is.amountVnd)}`);
    if (was.kind !== is.kind) add('channels', `${at}.kind`, was.kind, is.kind, `${which}: kind ${was.kind} → ${is.kind}`);
    if (was.description !== is.description) add('channels', `${at}.description`, was.description, is.description, `${which}: description changed`);
  }
}

const documentKey = (d: DocumentRecord) => (d.caseName ? `${d.caseName} / ${d.name}` : d.name);

function diffDocuments(before: DocumentRecord[], after: DocumentRecord[], add: Add): void {
  const was = new Map(before.map((d) => [documentKey(d), d]));
  const is = new Map(after.map((d) => [documentKey(d), d]));
  for (const [key, document] of is) {
    const at = `requiredDocuments[${JSON.stringify(key)}]`;
    const old = was.get(key);
    if (!old) {
      add('requiredDocuments', at, null, document, `document added: ${shown(key)}`);
      continue;
    }
    for (const property of ['originals', 'copies', 'isRequired', 'formName', 'formUrl'] as const) {
      if (!same(old[property], document[property])) {
        add(
          'requiredDocuments',
          `${at}.${property}`,
          old[property],
          document[property],
          `${property} of ${shown(key)}: ${shown(old[property])} → ${shown(document[property])}`,
        );
      }
    }
  }
  for (const [key, document] of was)
    if (!is.has(key)) add('requiredDocuments', `requiredDocuments[${JSON.stringify(key)}]`, document, null, `document removed: ${shown(key)}`);
  const order = (list: DocumentRecord[]) => list.map(documentKey).filter((key) => was.has(key) && is.has(key));
  if (!same(order(before), order(after))) add('requiredDocuments', 'requiredDocuments', order(before), order(after), 'documents reordered');
}
