import type { Sql } from '../db/sql';
import type { AdministrativeLevel } from '../shared/levels';

/** A unit as other features refer to it. */
export interface UnitRef {
  id: number;
  code: string;
  name: string;
  level: AdministrativeLevel;
}

/** Units looked up by code at most once per process; beyond this many codes, the oldest are looked up again. */
const MAX_KNOWN_UNITS = 20_000;
const COLUMNS = 'id, code, name, level';

/**
 * Units by code and their direct sub-units, for features that need to name or walk them. Units
 * are reference data that only a seed or a migration changes, before the server starts: found ones
 * are remembered (`known`, shared by every request); a code not found is looked up again next time.
 */
export class UnitDirectory {
  constructor(
    private readonly sql: Sql,
    private readonly known = new Map<string, UnitRef>(),
  ) {}

  async byCode(code: string): Promise<UnitRef | undefined> {
    const known = this.known.get(code);
    if (known) return known;
    const unit = await this.sql.one<UnitRef>(`SELECT ${COLUMNS} FROM administrative_unit WHERE code = $1`, [code]);
    if (unit) {
      if (this.known.size >= MAX_KNOWN_UNITS) this.known.delete(this.known.keys().next().value!);
      this.known.set(code, unit);
    }
    return unit;
  }

  /** The direct sub-units of `unit`, by code. */
  children(unit: UnitRef): Promise<UnitRef[]> {
    return this.sql.rows<UnitRef>(`SELECT ${COLUMNS} FROM administrative_unit WHERE parent_id = $1 ORDER BY code`, [unit.id]);
  }
}
