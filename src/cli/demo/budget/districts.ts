/**
 * Malawi's 28 districts (codes of mappings/coa/mw/location.csv) with weights roughly in proportion
 * to their population (2018 census, in thousands, cities counted in their districts), used to share
 * district-level spending. `000` is the national pseudo-district for headquarters lines.
 */
export const NATIONAL = '000';

export const DISTRICT_WEIGHTS: readonly (readonly [code: string, weight: number])[] = [
  ['101', 234],
  ['102', 365],
  ['103', 285],
  ['104', 229],
  ['105', 1163],
  ['106', 14],
  ['201', 842],
  ['202', 394],
  ['203', 317],
  ['204', 772],
  ['205', 478],
  ['206', 2626],
  ['207', 602],
  ['208', 831],
  ['209', 659],
  ['301', 1149],
  ['302', 735],
  ['303', 851],
  ['304', 356],
  ['305', 1251],
  ['306', 131],
  ['307', 721],
  ['308', 684],
  ['309', 429],
  ['310', 564],
  ['311', 299],
  ['312', 439],
  ['313', 138],
];
