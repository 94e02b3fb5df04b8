import type { Random } from '../random.js';

/**
 * Common Malawian given names (English and Chichewa/Chitumbuka ones alike; some are given to
 * both sexes) and family names, the latter by region: Tumbuka and Ngoni names in the north,
 * Chewa in the centre, Yao, Lomwe and Mang'anja in the south. A short list is enough for a
 * demo; it is not a sample of any register.
 */
export const FEMALE_NAMES = [
  'Chikondi',
  'Grace',
  'Mercy',
  'Esther',
  'Tiyamike',
  'Chisomo',
  'Memory',
  'Agnes',
  'Mary',
  'Thokozani',
  'Tamanda',
  'Lusungu',
  'Madalitso',
  'Ruth',
  'Dorothy',
  'Loveness',
  'Chimwemwe',
  'Fanny',
  'Ethel',
  'Alinafe',
  'Tadala',
  'Takondwa',
  'Patricia',
  'Eneless',
  'Annie',
  'Martha',
  'Rose',
  'Chifundo',
  'Faith',
  'Towela',
] as const;

export const MALE_NAMES = [
  'John',
  'James',
  'Peter',
  'Joseph',
  'Chikondi',
  'Blessings',
  'Gift',
  'Mphatso',
  'Yamikani',
  'Kondwani',
  'Limbani',
  'Chisomo',
  'Wongani',
  'Fletcher',
  'Stephano',
  'Charles',
  'Francis',
  'Davie',
  'Patrick',
  'Kingsley',
  'Lovemore',
  'Madalitso',
  'Innocent',
  'Tiwonge',
  'Mavuto',
  'Chimwemwe',
  'Hastings',
  'Moses',
  'Yusuf',
  'Ibrahim',
] as const;

export const FAMILY_NAMES: Readonly<Record<'N' | 'C' | 'S', readonly string[]>> = {
  N: ['Nyirenda', 'Gondwe', 'Mkandawire', 'Msiska', 'Kumwenda', 'Mhango', 'Chirwa', 'Munthali', 'Kaunda', 'Mwale', 'Ngwira', 'Luhanga'],
  C: ['Banda', 'Phiri', 'Mwale', 'Tembo', 'Zulu', 'Mbewe', 'Jere', 'Nkhoma', 'Kachingwe', 'Chimwaza', 'Daka', 'Kalua'],
  S: ['Mussa', 'Bwanali', 'Kalua', 'Chikoti', 'Salimu', 'Kamwendo', 'Mpinganjira', 'Nsamala', 'Chimombo', 'Likambale', 'Banda', 'Makwinja'],
};

const OPENINGS = ['Chi', 'Ka', 'Mwa', 'Nsa', 'Mku', 'Ma', 'Ku', 'Nka', 'Mpa', 'Che', 'Li', 'Mbe', 'Tsa', 'Nja', 'Mla', 'Ntha', 'Mzi', 'Ja'];
const MIDDLES = ['la', 'ka', 'mba', 'nde', 'wa', 'mbo', 'li', 'ku', 'nga', 'zi', 'pe', 'lu', 'ma', 'nthu', 'mwe', 'so', 'ngo', ''];
const ENDINGS = ['mbe', 'la', 'nje', 'we', 'nda', 'lo', 'ngo', 'ka', 'si', 'wa', 'mba', 'nje', 'zi', 'ni', 'tho', 'pa'];

/**
 * An invented place or chief's name of Bantu syllables ("Chilumbe", "Mwakanda"): plausible on a
 * map of Malawi, but not the name of a real traditional authority put in the wrong district.
 */
export function placeName(random: Random): string {
  return random.pick(OPENINGS) + random.pick(MIDDLES) + random.pick(ENDINGS);
}

/** A name not yet in `taken` (which it joins); after a few tries, a numbered one ("Chilumbe 2"). */
export function uniqueName(random: Random, taken: Set<string>): string {
  let name = placeName(random);
  for (let tries = 0; taken.has(name) && tries < 5; tries += 1) name = placeName(random);
  for (let n = 2; taken.has(name); n += 1) name = `${name.replace(/ \d+$/, '')} ${n}`;
  taken.add(name);
  return name;
}
