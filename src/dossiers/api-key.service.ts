import crypto from 'node:crypto';
import type { Sql } from '../db/sql';
import { AppError } from '../shared/errors';
import { subtreeCte } from '../units/unit-tree.sql';

/** Who is writing dossiers: an agency's system, allowed to write for one unit and its sub-units. */
export interface ApiKeyPrincipal {
  keyId: number;
  name: string;
  unitCode: string;
  /** Unit code -> id of every unit the key may write for. */
  scope: Map<string, number>;
}

/** Who is changing the catalogue: one agency's system (its procedures only) or the province's office (everything). */
export interface CataloguePrincipal {
  keyId: number;
  name: string;
  /** The agency whose procedures the key may change; null for a province key, which may change every procedure. */
  agencyCode: string | null;
}

/** What a key may do: push one unit's dossiers, or change one agency's procedures, or the whole catalogue. */
export type KeyScope = 'DOSSIERS' | 'CATALOGUE_AGENCY' | 'CATALOGUE_PROVINCE';

/** The catalogue a new catalogue key covers. */
export type CatalogueKeyScope = { agencyCode: string } | { province: true };

const PREFIX = 'vnp_';
const hash = (key: string) => crypto.createHash('sha256').update(key).digest();

const unauthenticated = (message: string) => new AppError('UNAUTHENTICATED', message);

interface KeyRow {
  id: number;
  name: string;
  scope: KeyScope;
  unit_id: number | null;
  agency_code: string | null;
  /** A unit of a dossier key's subtree (when asked for), else null. */
  unit_code: string | null;
  unit: number | null;
}

/**
 * API keys for agencies' systems. Only a key's SHA-256 is stored: a key is 256 random bits, so a
 * slow password hash would add nothing but latency. The key itself is shown once, at creation.
 * A key does one kind of work: a dossier key cannot change the catalogue, nor a catalogue key
 * push dossiers, so a leaked key of one kind cannot be used for the other.
 */
export class ApiKeyService {
  constructor(private readonly sql: Sql) {}

  /** A dossier key for `unitCode` and its sub-units. */
  async create(unitCode: string, name: string): Promise<{ key: string; id: number }> {
    const unit = await this.sql.one<{ id: number }>('SELECT id FROM administrative_unit WHERE code = $1', [unitCode]);
    if (!unit) throw new Error(`no administrative unit has code ${unitCode}`);
    return this.insert(name, 'DOSSIERS', unit.id, null);
  }

  /** A catalogue key for one agency's procedures, or for the whole catalogue. */
  async createCatalogueKey(scope: CatalogueKeyScope, name: string): Promise<{ key: string; id: number }> {
    if ('province' in scope) return this.insert(name, 'CATALOGUE_PROVINCE', null, null);
    const agency = await this.sql.one<{ id: number }>('SELECT id FROM agency WHERE code = $1', [scope.agencyCode]);
    if (!agency) throw new Error(`no agency has code ${scope.agencyCode}`);
    return this.insert(name, 'CATALOGUE_AGENCY', null, agency.id);
  }

  private async insert(name: string, scope: KeyScope, unitId: number | null, agencyId: number | null): Promise<{ key: string; id: number }> {
    const key = `${PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
    const row = await this.sql.one<{ id: number }>(
      'INSERT INTO api_key (name, scope, unit_id, agency_id, key_hash, prefix) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [name, scope, unitId, agencyId, hash(key), key.slice(0, 12)],
    );
    return { key, id: row!.id };
  }

  async revoke(id: number): Promise<boolean> {
    const rows = await this.sql.rows('UPDATE api_key SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id', [id]);
    return rows.length > 0;
  }

  /** The id of a valid key of any kind; UNAUTHENTICATED otherwise. */
  async keyIdOf(authorization: string | undefined): Promise<number> {
    return (await this.find(authorization, false))[0].id;
  }

  /** The dossier principal of an `Authorization: Bearer <key>` header; UNAUTHENTICATED when missing, malformed, unknown or revoked. */
  async authenticate(authorization: string | undefined): Promise<ApiKeyPrincipal> {
    const rows = await this.find(authorization, true);
    const [key] = rows;
    if (key.scope !== 'DOSSIERS')
      throw new AppError('FORBIDDEN', 'this is a catalogue key: it cannot push dossiers; use a dossier key (npm run apikey:create -- --unit CODE)');
    const unitCode = rows.find((row) => row.unit === key.unit_id)!.unit_code!;
    return { keyId: key.id, name: key.name, unitCode, scope: new Map(rows.map((r) => [r.unit_code!, r.unit!])) };
  }

  /** The catalogue principal of an `Authorization: Bearer <key>` header; FORBIDDEN for a dossier key. */
  async authenticateCatalogue(authorization: string | undefined): Promise<CataloguePrincipal> {
    const [key] = await this.find(authorization, false);
    if (key.scope === 'DOSSIERS')
      throw new AppError('FORBIDDEN', 'this is a dossier key: it cannot change the catalogue; use a catalogue key (npm run apikey:create -- --catalogue ...)');
    return { keyId: key.id, name: key.name, agencyCode: key.agency_code };
  }

  /**
   * The key's row (with `units`: one row per unit of a dossier key's subtree, in one statement);
   * UNAUTHENTICATED when the header is missing or malformed or the key unknown or revoked.
   */
  private async find(authorization: string | undefined, units: boolean): Promise<KeyRow[]> {
    if (!authorization) throw unauthenticated('this needs an API key: send it as "Authorization: Bearer <key>"');
    const match = /^Bearer\s+(\S{1,200})$/i.exec(authorization.trim());
    if (!match || !match[1].startsWith(PREFIX))
      throw unauthenticated('the Authorization header must be "Bearer <key>" with a key from `npm run apikey:create`');
    const rows = await this.sql.rows<KeyRow>(
      `WITH RECURSIVE k AS (SELECT k.id, k.name, k.scope, k.unit_id, a.code AS agency_code
                              FROM api_key k LEFT JOIN agency a ON a.id = k.agency_id
                             WHERE k.key_hash = $1 AND k.revoked_at IS NULL),
       ${subtreeCte('scope', '$2 AND u.id IN (SELECT unit_id FROM k)')}
       SELECT k.*, scope.code AS unit_code, scope.id AS unit FROM k LEFT JOIN scope ON true`,
      [hash(match[1]), units],
    );
    if (!rows.length) throw unauthenticated('this API key is unknown or revoked');
    return rows;
  }
}
