import { KIND_WORDS, orgNameTokens } from './normalise.js';

/**
 * Suggestions of national entities (the administrative segment of a chart of accounts) for an
 * organisation name found in IATI data. Never applied by themselves: an administrator approves.
 *
 * The score (0..1) is the mean of two similarities of the normalised names (normalise.ts):
 * - trigram similarity of the words that name the entity (kind words such as "ministry" left
 *   out), as PostgreSQL's pg_trgm computes it: each word padded, shared trigrams over all
 *   distinct trigrams. It forgives spelling ("NATUARAL"), plurals and word endings;
 * - weighted word overlap: Dice over word weights, a word's weight its inverse document
 *   frequency among the entities (halved for a kind word), so a word many entities share counts
 *   for little and a rare one ("health", "hacienda") for much. A word of 4 letters or more that
 *   begins another ("agric", "agriculture"; "finance", "finances") counts as the same word.
 * Each entity is scored on its name and each alias; the best counts.
 */
export interface NationalEntity {
  readonly country: string;
  readonly code: string;
  readonly name: string;
  readonly aliases: readonly string[];
}

export interface EntitySuggestion {
  readonly country: string;
  readonly code: string;
  readonly name: string;
  /** 0..1, rounded to 4 decimals (so equal scores are equal, and ties go by code). */
  readonly score: number;
  readonly matchedOn: 'name' | 'alias';
  /** The name or alias that matched. */
  readonly matched: string;
}

export interface SuggestOptions {
  readonly limit?: number;
  /** Below this score, no suggestion; DEFAULT_MIN_SCORE unless given. */
  readonly minScore?: number;
  /** Names of the country (and their other spellings): dropped from both sides before comparing. */
  readonly countryNames?: readonly string[];
}

/**
 * Calibrated on real IATI names against the Malawi and Mexico entity lists
 * (tests/mapping/suggest.test.ts): names with no meaningful word in common with an entity score
 * under 0.3; the right ministry scores from about 0.34 ("Ministry of Finance (MASAF Unit)") to 1.
 * A name sharing one rare word can pass ("Ifakara Health Institute" → Ministry of Health, about
 * 0.45): that is why a person approves every suggestion.
 */
export const DEFAULT_MIN_SCORE = 0.3;

interface Variant {
  readonly text: string;
  readonly matchedOn: 'name' | 'alias';
  readonly tokens: readonly string[];
  readonly trigrams: ReadonlySet<string>;
}

interface Index {
  readonly variants: ReadonlyMap<NationalEntity, readonly Variant[]>;
  readonly documentFrequency: ReadonlyMap<string, number>;
  readonly size: number;
}

/** pg_trgm's trigrams: each word padded with two spaces before and one after. */
export function trigrams(tokens: readonly string[]): Set<string> {
  const set = new Set<string>();
  for (const token of tokens) {
    const padded = `  ${token} `;
    for (let i = 0; i + 3 <= padded.length; i++) set.add(padded.slice(i, i + 3));
  }
  return set;
}

export function trigramSimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared++;
  return shared / (a.size + b.size - shared);
}

const sameWord = (a: string, b: string) => a === b || (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a)));

/**
 * Indexes are kept per entity list (the array), so that suggesting for many names reads the list
 * once: after a change to the entities, pass a new array.
 */
const indexes = new WeakMap<readonly NationalEntity[], { readonly countryNames: string; readonly index: Index }>();

function indexOf(entities: readonly NationalEntity[], countryNames: readonly string[]): Index {
  const key = countryNames.join('\u0000');
  const cached = indexes.get(entities);
  if (cached && cached.countryNames === key) return cached.index;
  const variants = new Map<NationalEntity, Variant[]>();
  const documentFrequency = new Map<string, number>();
  for (const entity of entities) {
    const list = [
      { text: entity.name, matchedOn: 'name' as const },
      ...entity.aliases.map((text) => ({ text, matchedOn: 'alias' as const })),
    ].map((v) => {
      const tokens = [...new Set(orgNameTokens(v.text, countryNames))];
      return { ...v, tokens, trigrams: trigrams(specific(tokens)) };
    });
    variants.set(entity, list);
    for (const token of new Set(list.flatMap((v) => v.tokens))) documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
  }
  const index = { variants, documentFrequency, size: entities.length };
  indexes.set(entities, { countryNames: key, index });
  return index;
}

/** How much less a kind word ("ministry", "secretaría") counts than another word as rare. */
const KIND_WEIGHT = 0.5;

const specific = (tokens: readonly string[]) => tokens.filter((token) => !KIND_WORDS.has(token));

function weightOf(index: Index, token: string): number {
  const idf = Math.log(1 + index.size / (1 + (index.documentFrequency.get(token) ?? 0)));
  return KIND_WORDS.has(token) ? KIND_WEIGHT * idf : idf;
}

/** Dice over word weights; each word of `a` pairs with at most one word of `b`. */
function tokenSimilarity(index: Index, a: readonly string[], b: readonly string[]): number {
  const total = [...a, ...b].reduce((sum, token) => sum + weightOf(index, token), 0);
  if (total === 0) return 0;
  const unused = new Set(b);
  let shared = 0;
  // Exact words pair first, so that a prefix never takes the word another word is equal to.
  const pending = a.filter((token) => {
    if (!unused.delete(token)) return true;
    shared += 2 * weightOf(index, token);
    return false;
  });
  for (const token of pending) {
    const match = [...unused].find((other) => sameWord(token, other));
    if (match === undefined) continue;
    unused.delete(match);
    shared += weightOf(index, token) + weightOf(index, match);
  }
  return shared / total;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const round = (score: number) => Math.round(score * 10_000) / 10_000;

/** Entities ranked by score (then code), best first; empty when the name says nothing specific. */
export function suggestEntities(name: string, entities: readonly NationalEntity[], options: SuggestOptions = {}): EntitySuggestion[] {
  const { limit = 3, minScore = DEFAULT_MIN_SCORE, countryNames = [] } = options;
  const index = indexOf(entities, countryNames);
  const tokens = [...new Set(orgNameTokens(name, countryNames))];
  const grams = trigrams(specific(tokens));
  if (grams.size === 0) return [];
  const suggestions: EntitySuggestion[] = [];
  for (const entity of entities) {
    let best: EntitySuggestion | null = null;
    for (const variant of index.variants.get(entity) ?? []) {
      const score = round((trigramSimilarity(grams, variant.trigrams) + tokenSimilarity(index, tokens, variant.tokens)) / 2);
      if (!best || score > best.score) {
        best = {
          country: entity.country,
          code: entity.code,
          name: entity.name,
          score,
          matchedOn: variant.matchedOn,
          matched: variant.text,
        };
      }
    }
    if (best && best.score >= minScore) suggestions.push(best);
  }
  suggestions.sort((a, b) => b.score - a.score || compareText(a.code, b.code) || compareText(a.country, b.country));
  return suggestions.slice(0, limit);
}
