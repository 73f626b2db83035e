import type { LegalActRecord } from '../catalogue/write/catalogue-record';
import { badInput } from '../shared/errors';
import { parseDate } from './package-values';

/**
 * The decision an import is made under, written `number|date|issuer` (`--decision`, `?decision=`):
 * e.g. `1234/QĐ-UBND|15/03/2025|Chủ tịch UBND tỉnh Lạng Sơn`. Its date (dd/MM/yyyy or
 * yyyy-MM-dd) is the day the import's changes take effect.
 */
export function parseDecision(text: string): LegalActRecord & { issuedOn: string } {
  const parts = text.split('|').map((part) => part.trim());
  const issuedOn = parts.length === 3 ? parseDate(parts[1]) : null;
  if (parts.length !== 3 || !parts[0] || parts[0].length > 100 || !parts[2] || parts[2].length > 500 || !issuedOn?.ok || !issuedOn.value) {
    throw badInput('the decision must read "number|date|issuer", e.g. "1234/QĐ-UBND|15/03/2025|Chủ tịch UBND tỉnh" (number up to 100 characters)', 'decision');
  }
  return { number: parts[0], title: `Quyết định số ${parts[0]}`, issuer: parts[2], issuedOn: issuedOn.value, isRepresentative: false };
}
