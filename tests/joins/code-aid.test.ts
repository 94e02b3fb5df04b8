import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statements } from '../../src/db/orm.js';
import { compiled } from '../aid/compiled-sql.js';
import { aidBesideBudget } from '../../src/mapping/projection/beside-budget.js';
import { demoMalawiHub } from '../mapping/projection/demo-hub.js';
import type { TestHub } from '../support/hub.js';

/**
 * A chart code's aid (`CoaCode.aid`) for many codes at once: the same sums as the whole-country
 * aid-on-budget view rolled up to the code's level (`aidBesideBudget`, computed apart), in a few
 * statements that do not grow with the codes asked.
 */
let t: TestHub;
beforeAll(async () => {
  t = await demoMalawiHub();
}, 240_000);
afterAll(() => t?.close());

const SPLIT = '{ total onBudget offBudget unknown }';
const AID = `aid(currency: "USD") { fiscalYear currency unconverted aid { committed ${SPLIT} disbursed ${SPLIT} expended ${SPLIT} forward ${SPLIT} } activities { iatiIdentifier } }`;

interface CodeAnswer {
  code: string;
  aid: { fiscalYear: string; currency: string; unconverted: number; aid: unknown; activities: { iatiIdentifier: string }[] }[];
  children?: CodeAnswer[];
}

const EVERY_CODE = `{ financeCountry(code: "MW") { segments { id codes { code ${AID} children { code ${AID} } } } } }`;

async function everyCode() {
  const data = await t.query<{ financeCountry: { segments: { id: string; codes: CodeAnswer[] }[] } }>(EVERY_CODE);
  return data.financeCountry.segments;
}

describe('the aid under chart codes', () => {
  it('adds up, for every code of every listed segment at levels 1 and 2, as the view rolled up to that level does', async () => {
    const segments = await everyCode();
    const em = t.db.orm.em.fork();
    let compared = 0;
    for (const segment of segments.filter((s) => s.codes.length > 0)) {
      for (const level of [1, 2]) {
        const codes = level === 1 ? segment.codes : segment.codes.flatMap((c) => c.children ?? []);
        if (codes.length === 0) continue;
        const view = await aidBesideBudget(em, { country: 'MW', segment: segment.id, level, currency: 'USD' });
        for (const code of codes) {
          const expected = view
            .filter((row) => row.code === code.code && (row.unconverted > 0 || hasAid(row.aid)))
            .map((row) => ({ fiscalYear: row.fiscalYear, currency: row.currency, unconverted: row.unconverted, aid: row.aid }));
          const answered = code.aid.map(({ fiscalYear, currency, unconverted, aid }) => ({ fiscalYear, currency, unconverted, aid }));
          expect(answered, `${segment.id} ${code.code}`).toEqual(expected);
          compared += code.aid.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('sends the same few statements for the codes under one parent as for every top-level code of every segment', async () => {
    const count = async (parent: string) => {
      await t.query('{ financeCountries { code } }');
      const before = statements.count;
      const { data, texts } = await compiled(() =>
        t.query<{ financeCountry: { segments: { codes: CodeAnswer[] }[] } }>(
          `{ financeCountry(code: "MW") { segments { codes${parent} { code ${AID} } } } }`,
        ),
      );
      const codes = data.financeCountry.segments.flatMap((s) => s.codes);
      const activities = codes.reduce((n, c) => n + c.aid.reduce((m, y) => m + y.activities.length, 0), 0);
      return {
        statements: statements.count - before,
        codes: codes.length,
        activities,
        heads: texts.map((text) => text.slice(0, 120)).sort(),
      };
    };
    // A code with aid placed below it: its children are the few codes asked.
    const [placed] = await t.db.orm.em.fork().execute<{ parent: string }[]>(
      `select c.parent from map_assignment m join fin_coa_code c on c.country = m.country and 'coa:' || c.segment = m.target_scheme and c.code = m.target_code
        where m.country = 'MW' and c.parent is not null order by 1 limit 1`,
    );
    const few = await count(`(parent: "${placed!.parent}")`);
    const all = await count('');
    expect(few.codes).toBeLessThan(20);
    expect(few.activities).toBeGreaterThan(0);
    expect(all.codes).toBeGreaterThan(50);
    expect(all.activities).toBeGreaterThan(few.activities);
    expect(all.heads).toEqual(few.heads);
    expect(all.statements).toBe(few.statements);
    // A projection per segment sent about 70 statements for the same answer.
    expect(all.heads.length).toBeLessThan(16);
  });
});

/** A year of the view with any money: the code's own aid omits years where nothing is placed. */
function hasAid(aid: Record<string, { total: string; onBudget: string; offBudget: string; unknown: string }>): boolean {
  return Object.values(aid).some((split) => Object.values(split).some((value) => value !== '0.00'));
}
