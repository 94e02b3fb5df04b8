import { shippedCodelists } from '../iati/codelists.js';

/**
 * ISO country and currency codes in the cells of a debt file (dates and amounts are read by
 * `connectors/formats/dates.ts` and `numbers.ts`). Each is a yes/no; the caller reports where.
 */

/** True for an ISO 3166-1 alpha-2 code in use (the IATI Country codelist shipped in `mappings/`, which adds XK, Kosovo). */
export function isIsoCountry(code: string): boolean {
  return shippedCodelists().membership('Country', code) === 'active';
}

/** True for an ISO 4217 code in use (the IATI Currency codelist, which has XDR). */
export function isIsoCurrency(code: string): boolean {
  return shippedCodelists().membership('Currency', code) === 'active';
}
