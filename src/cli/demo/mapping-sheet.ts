import { writeCsv } from '../../../connectors/formats/csv.js';
import { COUNTRY, MINISTRY } from './catalogue.js';

/**
 * The demo's mapping sheet: each generated ministry's organisation ref to its vote in Malawi's
 * chart of accounts, as an AIMS admin would upload it. Loaded by `npm start` like any sheet.
 */
export function demoMappingSheet(): string {
  const rows = Object.values(MINISTRY).map((ministry) => [
    COUNTRY,
    'org-ref',
    ministry.ref,
    'coa:administrative',
    ministry.ref!.replace(/^MW-COA-/, ''),
    '100',
    '',
    '',
    `${ministry.name} is vote ${ministry.ref!.replace(/^MW-COA-/, '')}`,
  ]);
  return writeCsv(rows, [
    'country',
    'source_scheme',
    'source_code',
    'target_scheme',
    'target_code',
    'share',
    'valid_from',
    'valid_to',
    'reason',
  ]);
}
