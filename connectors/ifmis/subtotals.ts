import type { Coa } from '../../src/finance/coa/load.js';
import type { Book, Line } from './lines.js';
import { describeCodes } from './lines.js';
import { DecimalSum } from '../formats/numbers.js';
import type { Plan } from './plan.js';
import type { ProblemList } from '../formats/problems.js';
import type { BudgetStage } from './types.js';

/**
 * Checks every subtotal row against the lines it covers (the rule is in column-map.ts): same
 * fiscal year and currency, and in each segment the subtotal row codes, the line's code or an
 * ancestor of it equal to the subtotal's. Subtotals are grouped by which segments they constrain,
 * so each line is matched through a few map lookups, not against every subtotal.
 */
interface Tally {
  readonly subtotal: Line;
  readonly sums: Map<BudgetStage, DecimalSum>;
  lines: number;
}

export function checkSubtotals(book: Book, plan: Plan, coa: Coa, problems: ProblemList): void {
  if (book.subtotals.size === 0) return;
  const linesHadProblems = problems.total > 0;
  const patterns = new Map<string, { segments: string[]; tallies: Map<string, Tally> }>();
  for (const subtotal of book.subtotals.values()) {
    const segments = plan.segments.map((s) => s.id).filter((id) => subtotal.codes[id] !== undefined);
    const pattern = segments.join('\u0001');
    let group = patterns.get(pattern);
    if (!group) patterns.set(pattern, (group = { segments, tallies: new Map() }));
    group.tallies.set(
      matchKey(
        subtotal,
        segments.map((id) => subtotal.codes[id] ?? ''),
      ),
      { subtotal, sums: new Map(), lines: 0 },
    );
  }
  const ancestry = new Map<string, string[]>();
  const chain = (segment: string, code: string): string[] => {
    const key = `${segment}\u0001${code}`;
    let codes = ancestry.get(key);
    if (!codes) {
      const found = coa.ancestry(segment, code).map((c) => c.code);
      ancestry.set(key, (codes = found.length ? found : [code]));
    }
    return codes;
  };
  for (const line of book.lines.values()) {
    for (const { segments, tallies } of patterns.values()) {
      const options = segments.map((id) => {
        const code = line.codes[id];
        return code === undefined ? [] : chain(id, code);
      });
      for (const combination of product(options)) {
        const tally = tallies.get(matchKey(line, combination));
        if (tally) add(tally, line);
      }
    }
  }
  for (const { tallies } of patterns.values()) for (const tally of tallies.values()) compare(tally, plan, problems, linesHadProblems);
}

function matchKey(line: Line, codes: readonly string[]): string {
  return [line.fiscalYear, line.currency, ...codes].join('\u0001');
}

function* product(options: readonly (readonly string[])[]): Generator<string[]> {
  if (options.length === 0) {
    yield [];
    return;
  }
  const [first = [], ...rest] = options;
  for (const tail of product(rest)) for (const code of first) yield [code, ...tail];
}

function add(tally: Tally, line: Line): void {
  tally.lines += 1;
  for (const [stage, amount] of Object.entries(line.amounts) as [BudgetStage, string][]) {
    let sum = tally.sums.get(stage);
    if (!sum) tally.sums.set(stage, (sum = new DecimalSum()));
    sum.add(amount);
  }
}

function compare(tally: Tally, plan: Plan, problems: ProblemList, linesHadProblems: boolean): void {
  const { subtotal } = tally;
  for (const [stage, amount] of Object.entries(subtotal.amounts) as [BudgetStage, string][]) {
    const sum = tally.sums.get(stage)?.toString() ?? '0';
    if (sum === amount) continue;
    const column = plan.long ? plan.long.amount.name : plan.wide.find((w) => w.stage === stage)?.column.name;
    const codes = Object.keys(subtotal.codes).length ? describeCodes(subtotal.codes) : 'every code';
    const scope = `fiscal year ${subtotal.fiscalYear}, ${codes}`;
    const lines = `${tally.lines} ${tally.lines === 1 ? 'line' : 'lines'}`;
    const caveat = linesHadProblems ? '; rows with problems above are not counted' : '';
    problems.add(
      'SUBTOTAL_MISMATCH',
      subtotal.row,
      column,
      `subtotal ${stage} ${amount} does not equal ${sum}, the sum of the ${lines} it covers (${scope})${caveat}`,
    );
  }
}
