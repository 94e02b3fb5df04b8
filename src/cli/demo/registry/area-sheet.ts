import { writeCsv } from '../../../../connectors/formats/csv.js';
import { DISTRICTS, REGIONS } from './areas.js';
import { GEONAMES_LOCATIONS } from './geonames.js';
import { RULE_SHEET_COLUMNS } from '../mapping-sheet.js';

/**
 * The demo's admin-area sheet: each region and district of the generated registry to its code in
 * the location segment of Malawi's chart of accounts (mappings/coa/mw/location.csv), as an AIMS or
 * registry administrator would upload it. Villages and traditional authorities inherit their
 * district's location. Then the GeoNames ids IATI publishers give two districts, to the same
 * location codes, so activity locations carrying them match their district by code.
 */
export function demoAreaSheet(): string {
  const row = (area: string, location: string, name: string, scheme = 'admin-area') => [
    'MW',
    scheme,
    area,
    'coa:location',
    location,
    '100',
    '',
    '',
    `${name} is location ${location}`,
  ];
  const rows = [
    ...REGIONS.map((region) => row(`MW-${region.letter}`, region.location, region.name)),
    ...Object.entries(DISTRICTS).map(([location, [name, abbreviation]]) => {
      const region = REGIONS.find((r) => r.location === location.slice(0, 1))!;
      return row(`MW-${region.letter}-${abbreviation}`, location, name);
    }),
    ...GEONAMES_LOCATIONS.map(([geonames, location, name]) => row(geonames, location, `GeoNames ${geonames} (${name})`, 'location:G1')),
  ];
  return writeCsv(rows, RULE_SHEET_COLUMNS);
}
