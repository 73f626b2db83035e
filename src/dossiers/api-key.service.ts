import crypto from 'node:crypto';
import type { Sql } from '../db/sql';
import { AppError } from '../shared/errors';
import { subtreeCte } from '../units/unit-tree.sql';

/** Who is writing: an agency's system, allowed to write for one unit and its sub-units. */
export interface ApiKeyPrincipal {
  keyId: number;
  name: string;
  unitCode: string;
  /** Unit code -> id of every unit the key may write for. */
  scope: Map<string, number>;
}

const PREFIX = 'vnp_';
const hash = (key: string) => crypto.createHash('sha256').update(key).digest();

const unauthenticated = (message: string) => new AppError('UNAUTHENTICATED', message);

/**
 * API keys for agencies' systems. Only a key's SHA-256 is stored: a key is 256 random bits, so a
 * slow password hash would add nothing but latency. The key itself is shown once, at creation.
 */
export class ApiKeyService {
  constructor(private readonly sql: Sql) {}

  async create(unitCode: string, name: string): Promise<{ key: string; id: number }> {
    const unit = await this.sql.one<{ id: number }>('SELECT id FROM administrative_unit WHERE code = $1', [unitCode]);
    if (!unit) throw new Error(`no administrative unit has code ${unitCode}`);
    const key = `${PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
    const row = await this.sql.one<{ id: number }>('INSERT INTO api_key (name, unit_id, key_hash, prefix) VALUES ($1, $2, $3, $4) RETURNING id', [
      name,
      unit.id,
      hash(key),
      key.slice(0, 12),
    ]);
    return { key, id: row!.id };
  }

  async revoke(id: number): Promise<boolean> {
    const rows = await this.sql.rows('UPDATE api_key SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id', [id]);
    return rows.length > 0;
  }

  /** The principal of an `Authorization: Bearer <key>` header; UNAUTHENTICATED when missing, malformed, unknown or revoked. */
  async authenticate(authorization: string | undefined): Promise<ApiKeyPrincipal> {
    if (!authorization) throw unauthenticated('this needs an API key: send it as "Authorization: Bearer <key>"');
    const match = /^Bearer\s+(\S{1,200})$/i.exec(authorization.trim());
    if (!match || !match[1].startsWith(PREFIX))
      throw unauthenticated('the Authorization header must be "Bearer <key>" with a key from `npm run apikey:create`');
    const rows = await this.sql.rows<{ key_id: number; name: string; key_unit: string; code: string; id: number }>(
      `WITH RECURSIVE k AS (SELECT id, name, unit_id FROM api_key WHERE key_hash = $1 AND revoked_at IS NULL),
       ${subtreeCte('scope', 'u.id IN (SELECT unit_id FROM k)')}
       SELECT k.id AS key_id, k.name, (SELECT code FROM administrative_unit WHERE id = k.unit_id) AS key_unit, scope.code, scope.id
       FROM k, scope`,
      [hash(match[1])],
    );
    if (!rows.length) throw unauthenticated('this API key is unknown or revoked');
    return { keyId: rows[0].key_id, name: rows[0].name, unitCode: rows[0].key_unit, scope: new Map(rows.map((r) => [r.code, r.id])) };
  }
}
