/**
 * Organisation names in the form they are compared in for suggestions: "Government of Tanzania -
 * Ministry of Finance", "MINISTRY OF FINANCE" and "Min. of Finance" all become "ministry finance".
 *
 * Steps, each for a reason seen in real IATI names:
 * 1. accents and case go (publishers type "MINISTERE", "Ministère", "ministère");
 * 2. punctuation becomes space, apart from an English possessive ("President's") and French
 *    elision ("l'Éducation" → "l education");
 * 3. a few common abbreviations are written out (ABBREVIATIONS);
 * 4. "government of", "republic of" and their French and Spanish forms go, as do the country
 *    names the caller gives: they name the country, not the entity;
 * 5. small words (of, the, and, de, la, y …) go: they carry no meaning and would make every
 *    "Ministry of …" resemble every other.
 * The result is a key for comparison, not a name to show.
 */

/** Written-out forms of abbreviations common in government names (the token after punctuation is removed). */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  min: 'ministry',
  dept: 'department',
  dpt: 'department',
  govt: 'government',
  gvt: 'government',
  natl: 'national',
  intl: 'international',
  dev: 'development',
  devt: 'development',
  mgmt: 'management',
  admin: 'administration',
  assoc: 'association',
  univ: 'university',
  // Spanish, as Mexican budget documents abbreviate.
  sria: 'secretaria',
  gral: 'general',
};

/** English, French and Spanish words with no meaning of their own in a name. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  [
    ['a', 'an', 'and', 'at', 'by', 'for', 'in', 'of', 'on', 'the', 'to'],
    ['au', 'aux', 'd', 'de', 'des', 'du', 'en', 'et', 'l', 'la', 'le', 'les', 'pour'],
    ['al', 'del', 'e', 'el', 'las', 'los', 'para', 'por', 'y'],
  ].flat(),
);

/**
 * Words that say what kind of body an entity is, not which one: nearly every entity of a chart of
 * accounts has one, so they count for little when comparing names (and a name made only of them,
 * "Malawi Government", "Secretaría", names no entity).
 */
export const KIND_WORDS: ReadonlySet<string> = new Set(
  [
    ['ministry', 'ministere', 'ministerio', 'secretaria', 'subsecretaria', 'secretariat', 'department', 'departement', 'departamento'],
    ['directorate', 'direction', 'direccion', 'office', 'bureau', 'oficina', 'unit', 'unite', 'unidad', 'agency', 'agence', 'agencia'],
    ['government', 'gouvernement', 'gobierno', 'commission', 'comision', 'institute', 'institut', 'instituto', 'general', 'coordinacion'],
  ].flat(),
);

/** Phrases that say a government or state without naming an entity ("Government of …", "Gobierno de …"). */
const NOISE_PHRASES: readonly (readonly string[])[] = [
  ['united', 'republic', 'of'],
  ['government', 'of'],
  ['republic', 'of'],
  ['gouvernement', 'de'],
  ['gouvernement', 'du'],
  ['republique', 'de'],
  ['gobierno', 'de'],
  ['republica', 'de'],
];

/** Lower case, no accents, words split at anything that is not a letter or a digit. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

function removeSequence(tokens: string[], phrase: readonly string[]): string[] {
  if (phrase.length === 0) return tokens;
  const out: string[] = [];
  for (let i = 0; i < tokens.length;) {
    if (phrase.every((word, k) => tokens[i + k] === word)) i += phrase.length;
    else out.push(tokens[i++] ?? '');
  }
  return out;
}

/** The meaningful words of a name, in order (see the steps above). */
export function orgNameTokens(name: string, countryNames: readonly string[] = []): string[] {
  let tokens = words(name).map((word) => ABBREVIATIONS[word] ?? word);
  for (const phrase of NOISE_PHRASES) tokens = removeSequence(tokens, phrase);
  // Longer names first, so that "United Republic of Tanzania" goes before "Tanzania" could split it.
  const countries = countryNames.map((country) => words(country)).sort((a, b) => b.length - a.length);
  for (const country of countries) tokens = removeSequence(tokens, country);
  return tokens.filter((token) => !STOP_WORDS.has(token));
}

export function normaliseOrgName(name: string, countryNames: readonly string[] = []): string {
  return orgNameTokens(name, countryNames).join(' ');
}

/**
 * The forms a codelist country name is written in: "Tanzania, United Republic of" is also
 * "Tanzania" and "United Republic of Tanzania" in publishers' names.
 */
export function countryNameForms(name: string): string[] {
  const [head = '', ...rest] = name.split(',').map((part) => part.trim());
  const tail = rest.join(', ');
  return [...new Set([name.trim(), head, ...(tail ? [`${tail} ${head}`] : [])])].filter((form) => form !== '');
}
