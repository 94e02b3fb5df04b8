import { writeCsv } from '../../../connectors/formats/csv.js';
import { COUNTRY, MINISTRY } from './catalogue.js';
import { SHEET_COLUMNS } from '../../mapping/sheet/index.js';

/** The rule sheet's columns but the optional `action`: every demo rule is an addition. */
export const RULE_SHEET_COLUMNS = SHEET_COLUMNS.filter((column) => column !== 'action');

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
  return writeCsv(rows, RULE_SHEET_COLUMNS);
}
