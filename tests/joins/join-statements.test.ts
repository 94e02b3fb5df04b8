import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/viewer.js';
import { statements } from '../../src/db/orm.js';
import { compiled } from '../aid/compiled-sql.js';
import { analystHub, type AnalystHub } from './analyst-hub.js';

/**
 * Every cross-domain join, nested under a list of budget lines: finance's codes and their budget
 * and lines, mapping's aid beside a line and under a code with the activities (aid) behind it, the
 * registry's programmes a code funds and their statistics, the transactions under a code and back
 * to their codes, a line's loans and their lines, and back from a programme's funding to the code
 * and the activity. The statements sent must not grow with the lines listed.
 */
const JOINS = `query ($first: Int!) {
  budgetLines(country: "MW", fiscalYears: ["2025/26"], first: $first, filter: [{ segment: "programme", codes: ["320-03-02", "320-04-01"] }]) {
    nodes {
      id
      loans { id fundCodes { code } budgetLines(limit: 2) { id } }
      aid(currency: "MWK") { fiscalYear aid { disbursed { total } } activities { activity { iatiIdentifier title } } }
      codes {
        segment
        code {
          code
          name
          budget(fiscalYears: ["2025/26"]) { amounts { approved paid } }
          budgetLines(fiscalYears: ["2025/26"], limit: 2) { id }
          aid(fiscalYears: ["2025/26"]) { aid { disbursed { total } } activities { activity { iatiIdentifier } } }
          transactions(fiscalYears: ["2025/26"], types: ["3"], limit: 2) { share transaction { coaShares(segment: "programme") { code } } }
          programmes {
            code
            funding { kind budgetCode { code name } activity { iatiIdentifier title } }
            statistics(measure: PAYMENTS, by: [AREA], from: "2025-04-01", to: "2025-09-30") { cells { area count amount } }
          }
        }
      }
    }
  }
}`;

let t: AnalystHub;
beforeAll(async () => {
  t = await analystHub();
});
afterAll(() => t?.close());

async function counted(roles: readonly Role[], first: number) {
  await t.as(roles, '{ programmes { code } }');
  const before = statements.count;
  const { data, texts } = await compiled(() =>
    t.as<{ budgetLines: { nodes: { codes: { code: { programmes: unknown[] } }[] }[] } }>(roles, JOINS, { first }),
  );
  return { statements: statements.count - before, texts, lines: data.budgetLines.nodes };
}

describe('the joins across domains', () => {
  for (const roles of [['registry-officer'], ['analyst']] as const)
    it(`send the same statements for 10 and for 95 budget lines (${roles[0]})`, async () => {
      // Lines in id order: 8 of school meals' sub-programme (SMP-THR), then 87 of cash transfers'
      // (SCTP, funded by the budget and by aid), so both windows give every join work to do.
      const few = await counted(roles, 10);
      const many = await counted(roles, 95);
      expect(few.lines).toHaveLength(10);
      expect(many.lines).toHaveLength(95);
      const programmes = (lines: typeof few.lines) =>
        new Set(lines.flatMap((line) => line.codes.flatMap((c) => c.code.programmes.map((p) => (p as { code: string }).code))));
      expect([...programmes(few.lines)].sort()).toEqual(['SCTP', 'SMP-THR']);
      const heads = (texts: readonly string[]) => texts.map((text) => text.slice(0, 160)).sort();
      expect(heads(many.texts)).toEqual(heads(few.texts));
      expect(many.statements).toBe(few.statements);
      // 97 on the demo: the aid under every code of a line is one view for all its segments (it was one per segment).
      expect(few.statements).toBeLessThan(110);
    });
});
