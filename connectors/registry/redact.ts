import { FILE_SPECS, RECORD_TYPES } from './columns.js';

/** What stands in for everything a registry refusal quotes from the records. */
export const WITHHELD = '[withheld: personal data]';

const TYPES = RECORD_TYPES.join('|');
/** A file of the export as the reader names it: `individuals.csv`, or `book.xlsx, sheet individuals`. */
const KNOWN_FILE = new RegExp(`^ {2}((?:${TYPES})\\.csv|[^,\\n]{1,200}\\.xlsx, sheet (?:${TYPES}))(?:, row (\\d+))?(?=[,:])`, 'i');
const KNOWN_FIELDS = new Set(Object.values(FILE_SPECS).flatMap((spec) => spec.columns.map((column) => column.name)));
const FIELD = /, field ([a-z_]+): /g;
const HEADLINE = /^.* was not loaded: (\d+) problems?$/;

/**
 * A registry import's refusal (src/registry/load/refusal.ts: a headline, then one problem a line
 * as `describeRegistryProblem` writes it) with everything taken from the records removed: record
 * keys, bad values, names, IDs, village codes. Built up from what is known to be safe — the
 * export's own file and column names and the row numbers the reader counted — never by cutting
 * values out, so a value the parser misreads is dropped, not shown. Anything else (an unexpected
 * error's text, which may quote a row) becomes one line saying it is withheld.
 */
export function redactRegistryRefusal(input: string, message: string): string {
  const [headline = '', ...lines] = message.split('\n');
  const count = HEADLINE.exec(headline)?.[1];
  if (count === undefined) return `the import of ${input} failed; the details may quote registry records: ${WITHHELD}`;
  const problems = lines.map((line) => {
    const at = KNOWN_FILE.exec(line);
    const field = [...line.matchAll(FIELD)].map((m) => m[1]!).find((name) => KNOWN_FIELDS.has(name));
    const where = [at ? at[1] : '[file]', at?.[2] ? `row ${at[2]}` : null, field ? `field ${field}` : null];
    return `  ${where.filter(Boolean).join(', ')}: ${WITHHELD}`;
  });
  return [`${input} was not loaded: ${count} problem${count === '1' ? '' : 's'}`, ...problems].join('\n');
}
