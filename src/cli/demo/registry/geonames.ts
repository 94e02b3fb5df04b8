/**
 * GeoNames ids of Malawi districts as real IATI publishers give them (UNDP's activities in the
 * d-portal export of the shared data, `<administrative vocabulary="G1" level="1">`): the demo's
 * activities carry them and its area sheet places them in the chart's location segment.
 */
export const MACHINGA = '927642';
export const ZOMBA = '923292';

/** GeoNames id → location code of mappings/coa/mw/location.csv. */
export const GEONAMES_LOCATIONS: readonly (readonly [geonames: string, location: string, name: string])[] = [
  [MACHINGA, '302', 'Machinga District'],
  [ZOMBA, '303', 'Zomba District'],
];
