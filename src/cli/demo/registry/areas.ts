import type { AdminArea } from '../../../../connectors/registry/types.js';
import { DISTRICT_WEIGHTS } from '../budget/districts.js';
import type { Random } from '../random.js';
import { uniqueName } from './names.js';

/**
 * Malawi's regions and districts under their real names (as in mappings/coa/mw/location.csv,
 * whose codes they keep as `location`), with area codes built top-down: `MW-S` (Southern
 * Region), `MW-S-BLK` (Blantyre), `MW-S-BLK-TA01` (a traditional authority), `MW-S-BLK-TA01-V003`
 * (a village). Traditional authorities and villages are invented; households are spread over
 * districts in proportion to population (the budget demo's 2018 census weights).
 */
export type RegionLetter = 'N' | 'C' | 'S';

export const REGIONS: readonly { readonly letter: RegionLetter; readonly location: string; readonly name: string }[] = [
  { letter: 'N', location: '1', name: 'Northern Region' },
  { letter: 'C', location: '2', name: 'Central Region' },
  { letter: 'S', location: '3', name: 'Southern Region' },
];

/** Location code → name and a three-letter abbreviation. */
export const DISTRICTS: Readonly<Record<string, readonly [name: string, abbreviation: string]>> = {
  '101': ['Chitipa', 'CTP'],
  '102': ['Karonga', 'KRG'],
  '103': ['Nkhata Bay', 'NKB'],
  '104': ['Rumphi', 'RPH'],
  '105': ['Mzimba', 'MZB'],
  '106': ['Likoma', 'LKM'],
  '201': ['Kasungu', 'KSG'],
  '202': ['Nkhotakota', 'NKK'],
  '203': ['Ntchisi', 'NTS'],
  '204': ['Dowa', 'DWA'],
  '205': ['Salima', 'SLM'],
  '206': ['Lilongwe', 'LLW'],
  '207': ['Mchinji', 'MCH'],
  '208': ['Dedza', 'DDZ'],
  '209': ['Ntcheu', 'NTU'],
  '301': ['Mangochi', 'MGC'],
  '302': ['Machinga', 'MHG'],
  '303': ['Zomba', 'ZBA'],
  '304': ['Chiradzulu', 'CRZ'],
  '305': ['Blantyre', 'BLK'],
  '306': ['Mwanza', 'MWZ'],
  '307': ['Thyolo', 'TYL'],
  '308': ['Mulanje', 'MLJ'],
  '309': ['Phalombe', 'PLB'],
  '310': ['Chikwawa', 'CKW'],
  '311': ['Nsanje', 'NSJ'],
  '312': ['Balaka', 'BLA'],
  '313': ['Neno', 'NNO'],
};

export interface District {
  readonly code: string;
  readonly location: string;
  readonly name: string;
  readonly region: RegionLetter;
  readonly weight: number;
  readonly tas: TraditionalAuthority[];
}

export interface TraditionalAuthority {
  readonly code: string;
  readonly name: string;
  readonly district: District;
  readonly villages: Village[];
  /** Village names taken in this TA. */
  readonly taken: Set<string>;
}

export interface Village {
  readonly code: string;
  readonly name: string;
  readonly ta: TraditionalAuthority;
  /** How many households it holds before the next village of its TA is opened. */
  readonly capacity: number;
  households: number;
}

/** The country's districts, each with its traditional authorities (more in populous districts). */
export function districtsOf(random: Random): District[] {
  return DISTRICT_WEIGHTS.map(([location, weight]) => {
    const [name, abbreviation] = DISTRICTS[location] ?? ['', ''];
    const region = REGIONS.find((r) => r.location === location.slice(0, 1))?.letter ?? 'C';
    const district: District = { code: `MW-${region}-${abbreviation}`, location, name, region, weight, tas: [] };
    const count = Math.min(9, Math.max(2, Math.round(weight / 250) + random.int(1, 3)));
    const taken = new Set<string>();
    for (let n = 1; n <= count; n += 1) {
      const code = `${district.code}-TA${String(n).padStart(2, '0')}`;
      district.tas.push({ code, name: `TA ${uniqueName(random, taken)}`, district, villages: [], taken: new Set() });
    }
    return district;
  });
}

/** A village of `ta` with room for one more household: the last one opened, or a new one. */
export function villageFor(random: Random, ta: TraditionalAuthority): Village {
  const last = ta.villages.at(-1);
  if (last && last.households < last.capacity) {
    last.households += 1;
    return last;
  }
  const code = `${ta.code}-V${String(ta.villages.length + 1).padStart(3, '0')}`;
  const village: Village = { code, name: uniqueName(random, ta.taken), ta, capacity: random.int(40, 160), households: 1 };
  ta.villages.push(village);
  return village;
}

/** Regions, districts and every TA, then the villages that have households; each level by code. */
export function areasOf(districts: readonly District[]): AdminArea[] {
  const byCode = (a: AdminArea, b: AdminArea): number => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const regions: AdminArea[] = REGIONS.map((r) => ({ code: `MW-${r.letter}`, name: r.name, level: 1, parent: null }));
  const level2: AdminArea[] = districts.map((d) => ({ code: d.code, name: d.name, level: 2, parent: `MW-${d.region}` }));
  const tas = districts.flatMap((d) => d.tas);
  const level3: AdminArea[] = tas.map((ta) => ({ code: ta.code, name: ta.name, level: 3, parent: ta.district.code }));
  const level4: AdminArea[] = tas.flatMap((ta) => ta.villages.map((v) => ({ code: v.code, name: v.name, level: 4, parent: ta.code })));
  return [regions, level2, level3, level4].flatMap((level) => level.sort(byCode));
}
