/**
 * The tree of administrative units in SQL, written once for every feature that walks it: from a
 * unit down to its sub-units (an API key's scope, statistics with sub-units) or up to the units
 * above it (the subtree rollups every dossier counts in). Each is a CTE or a subquery to compose.
 */

/** CTE `name`(id, code, root): each unit that meets `condition` (its own root) and every unit below it, with its root's id. Needs WITH RECURSIVE. */
export const subtreeCte = (name: string, condition: string) => `${name} AS (
  SELECT u.id, u.code, u.id AS root FROM administrative_unit u WHERE ${condition}
  UNION ALL SELECT c.id, c.code, s.root FROM administrative_unit c JOIN ${name} s ON c.parent_id = s.id)`;

/** CTE `name`(unit_id, ancestor_id, parent_id): each unit that meets `condition` with itself and every unit above it. Needs WITH RECURSIVE. */
export const lineageCte = (name: string, condition: string) => `${name} AS (
  SELECT id AS unit_id, id AS ancestor_id, parent_id FROM administrative_unit WHERE ${condition}
  UNION ALL SELECT l.unit_id, a.id, a.parent_id FROM ${name} l JOIN administrative_unit a ON a.id = l.parent_id)`;

/** Rows (id, root) of the units that meet `condition`, each its own root. */
export const unitsWhere = (condition: string) => `SELECT u.id, u.id AS root FROM administrative_unit u WHERE ${condition}`;

/** Rows (id, root) of the direct sub-units of the units that meet `condition`, with their parent as root. */
export const childrenOf = (condition: string) =>
  `SELECT c.id, c.parent_id AS root FROM administrative_unit c WHERE c.parent_id IN (SELECT u.id FROM administrative_unit u WHERE ${condition})`;
