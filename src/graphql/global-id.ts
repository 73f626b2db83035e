import { badInput } from '../shared/errors';

/** Kinds of object reachable through `node(id)`. */
export type NodeKind = 'Procedure' | 'Field' | 'Agency' | 'AdministrativeUnit';
const KINDS: readonly NodeKind[] = ['Procedure', 'Field', 'Agency', 'AdministrativeUnit'];

/**
 * Global ids are built from the public code, not the row id, so they stay the same across
 * re-seeds, replicas and exports: base64url("Procedure:1.001193").
 */
export function toGlobalId(kind: NodeKind, code: string): string {
  return Buffer.from(`${kind}:${code}`, 'utf8').toString('base64url');
}

export function fromGlobalId(id: string): { kind: NodeKind; code: string } {
  if (id.length > 200 || !/^[A-Za-z0-9_-]+$/.test(id)) throw badInput('id is not a global id of this API', 'id');
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  const kind = text.slice(0, colon) as NodeKind;
  const code = text.slice(colon + 1);
  if (colon < 0 || !KINDS.includes(kind) || code.length === 0) throw badInput('id is not a global id of this API', 'id');
  return { kind, code };
}
