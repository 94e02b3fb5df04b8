import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import { execute, parse as parseGraphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readColumnMap } from '../../connectors/debt/column-map-check.js';
import { importDebtFile } from '../../connectors/debt/import.js';
import { importRatesFile } from '../../connectors/rates/import.js';
import { activityHeld } from '../../src/aid/activity-lookup.js';
import { createAidContext } from '../../src/aid/context.js';
import { aidSubgraph } from '../../src/aid/index.js';
import { writeDemoDebt } from '../../src/cli/demo/debt/generate-debt.js';
import { statements } from '../../src/db/orm.js';
import { linkLoanActivity, loanRowId } from '../../src/finance/loan-links.js';
import { projectRoot } from '../../src/paths.js';
import { testHub, type TestHub } from '../support/hub.js';
import { sample } from '../support/sample-data.js';

/**
 * One financing seen from both systems: the real IBRD statement and the World Bank's own IATI
 * activity for P175662; DFID's Tanzanian transactions in Tanzania's July–June fiscal year; and
 * conversion by a flow's own rate before the IMF table.
 */
const ibrd = () => sample('debt', 'worldbank', 'ibrd-statement-of-loans-2023-05-31.csv');
let hub: TestHub;

beforeAll(async () => {
  hub = await testHub([sample('iati', 'activities', 'v2', 'worldbank-activity.xml'), sample('iati', 'activities', 'v1', 'dfid-TZ.xml')]);
  const map = await readColumnMap(path.join(projectRoot, 'mappings', 'debt', 'ibrd-statement-of-loans.json'));
  const dmfas = path.join(await mkdtemp(path.join(tmpdir(), 'tributary-dmfas-')), 'mw');
  await writeDemoDebt(dmfas);
  const steps = [
    await importDebtFile(hub.db.orm, { path: ibrd() }, { map }),
    await importDebtFile(hub.db.orm, { path: dmfas }),
    await importRatesFile(hub.db.orm, sample('iati', 'exchange-rates', 'currency_monthlyaverage.json'), { format: 'imf-monthly' }),
  ];
  for (const step of steps) expect(step.status, step.error?.message).toBe('succeeded');
}, 180_000);

afterAll(() => hub?.close());

describe('loans and the activities they finance', () => {
  it('shows both IBRD loans of P175662 on the World Bank’s IATI activity, and the activity on each loan', async () => {
    const data = await hub.query<{
      activity: {
        loans: {
          id: string;
          status: string;
          committed: string;
          disbursed: string;
          activities: { iatiIdentifier: string; title: string }[];
        }[];
      };
    }>(`{ activity(iatiIdentifier: "44000-P175662") {
      loans { id status committed disbursed activities { iatiIdentifier title reports { reportId } } } } }`);
    const loans = [...data.activity.loans].sort((a, b) => a.id.localeCompare(b.id));
    expect(loans.map(({ activities: _a, ...loan }) => loan)).toEqual([
      { id: 'ibrd-statement:IBRD92680', status: 'disbursing', committed: '500000000', disbursed: '231750000' },
      { id: 'ibrd-statement:IBRD95120', status: 'signed', committed: '400000000', disbursed: '0' },
    ]);
    for (const loan of loans) {
      expect(loan.activities).toHaveLength(1);
      expect(loan.activities[0]?.iatiIdentifier).toBe('44000-P175662');
      expect(loan.activities[0]?.title.length).toBeGreaterThan(0);
    }
  });

  it('names the activity of a loan whose project the hub holds no report of, and lists no activity for it', async () => {
    const data = await hub.query<{ loan: { projectId: string; activityIdentifiers: string[]; activities: unknown[] } }>(
      '{ loan(id: "ibrd-statement:IBRD00010") { projectId activityIdentifiers activities { iatiIdentifier title reports { reportId } } } }',
    );
    expect(data.loan).toEqual({ projectId: 'P037383', activityIdentifiers: ['44000-P037383'], activities: [] });
  });

  it('adds an activity linked by hand to the loan, and the loan to that activity', async () => {
    const loanRow = await loanRowId(hub.db.orm.em.fork(), 'ibrd-statement:IBRD92680');
    const { activities } = await hub.query<{ activities: { nodes: { iatiIdentifier: string }[] } }>(
      '{ activities(first: 1, filter: { recipientCountry: ["TZ"] }) { nodes { iatiIdentifier } } }',
    );
    const tanzanian = activities.nodes[0]?.iatiIdentifier ?? '';
    expect(await activityHeld(hub.db.orm.em.fork(), tanzanian)).toBe(true);
    await linkLoanActivity(hub.db.orm.em.fork(), { loanRowId: loanRow ?? -1, iatiIdentifier: tanzanian, reason: 'test', by: 'test' });
    const data = await hub.query<{ loan: { activities: { iatiIdentifier: string }[] }; activity: { loans: { id: string }[] } }>(
      `query($id: ID!) { loan(id: "ibrd-statement:IBRD92680") { activities { iatiIdentifier } } activity(iatiIdentifier: $id) { loans { id } } }`,
      { id: tanzanian },
    );
    expect(data.loan.activities.map((a) => a.iatiIdentifier).sort()).toEqual(['44000-P175662', tanzanian].sort());
    expect(data.activity.loans).toEqual([{ id: 'ibrd-statement:IBRD92680' }]);
  });

  it('lists loans by creditor, country and status as the statement has them', async () => {
    const rows = parse(readFileSync(ibrd(), 'utf8'), { columns: true }) as Record<string, string>[];
    const disbursing = rows.filter(
      (r) => r['Country Code'] === 'JO' && ['Disbursing', 'Disbursing&Repaying'].includes(r['Loan Status'] ?? ''),
    );
    const data = await hub.query<{ loans: { totalCount: number; nodes: { loanNumber: string; creditor: string }[] } }>(
      `{ loans(first: 1000, filter: { creditor: "ibrd", country: ["JO"], status: ["disbursing"] }) { totalCount nodes { loanNumber creditor } } }`,
    );
    expect(data.loans.totalCount).toBe(disbursing.length);
    expect(data.loans.nodes.map((n) => n.loanNumber).sort()).toEqual(disbursing.map((r) => r['Loan Number']).sort());
    expect(new Set(data.loans.nodes.map((n) => n.creditor))).toEqual(new Set(['IBRD']));
  });

  it('reads a page of loans with flows and activities in the same number of statements for 10 and for 200 loans', async () => {
    const query = `query($n: Int!) { loans(first: $n) { nodes { id flows { amount(currency: "USD") { amount } fiscalPeriod(country: "MW") { fiscalYear } } activities { iatiIdentifier } } } }`;
    const count = async (n: number): Promise<number> => {
      const before = statements.count;
      await hub.query(query, { n });
      return statements.count - before;
    };
    await count(1);
    expect(await count(200)).toBe(await count(10));
  });
});

describe('fiscal years and conversion on aid and loan amounts', () => {
  it('buckets DFID’s Tanzanian transactions into Tanzania’s July–June fiscal years and quarters', async () => {
    const { activities } = await hub.query<{
      activities: { nodes: { transactions: { date: string; fiscalPeriod: { fiscalYear: string; quarter: number } }[] }[] };
    }>(
      '{ activities(first: 200, filter: { recipientCountry: ["TZ"] }) { nodes { transactions { date fiscalPeriod(country: "TZ") { fiscalYear quarter } } } } }',
    );
    const transactions = { nodes: activities.nodes.flatMap((a) => a.transactions) };
    expect(transactions.nodes.length).toBeGreaterThan(100);
    for (const { date, fiscalPeriod } of transactions.nodes) {
      const [year = 0, month = 0] = date.split('-').map(Number);
      const start = month >= 7 ? year : year - 1;
      expect(fiscalPeriod, date).toEqual({
        fiscalYear: `${start}/${String((start + 1) % 100).padStart(2, '0')}`,
        quarter: Math.floor(((month + 5) % 12) / 3) + 1,
      });
    }
    const june = transactions.nodes.find((t) => t.date.slice(5, 7) === '06');
    const july = transactions.nodes.find((t) => t.date.slice(5, 7) === '07' && t.date.slice(0, 4) === june?.date.slice(0, 4));
    expect(june?.fiscalPeriod.quarter).toBe(4);
    expect(july?.fiscalPeriod.quarter).toBe(1);
    expect(july?.fiscalPeriod.fiscalYear).not.toBe(june?.fiscalPeriod.fiscalYear);
  });

  it('converts a GBP transaction at the IMF rate of its value date, exactly', async () => {
    const { activities } = await hub.query<{
      activities: {
        nodes: { transactions: { value: string; currency: string; amount: { amount: string; rate: string; method: string } }[] }[];
      };
    }>(
      '{ activities(first: 20, filter: { recipientCountry: ["TZ"] }) { nodes { transactions { value currency amount(currency: "USD") { amount rate method } } } } }',
    );
    const gbp = activities.nodes.flatMap((a) => a.transactions).filter((t) => t.currency === 'GBP');
    expect(gbp.length).toBeGreaterThan(0);
    for (const t of gbp) {
      expect(t.amount.method).toMatch(/^(value-date|nearest-earlier)$/);
      expect(t.amount.amount).toBe(new Decimal(t.value).times(t.amount.rate).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2));
    }
  });

  it('converts a loan flow at its own rate (its USD equivalent) before the rate table', async () => {
    const { loans } = await hub.query<{
      loans: {
        nodes: {
          flows: { date: string; value: string; currency: string; valueUsd: string | null; amount: { amount: string; method: string } }[];
        }[];
      };
    }>(`{ loans(first: 100, filter: { source: ["dmfas"] }) { nodes { flows(type: ["disbursement"], scheduled: false) {
      date value currency valueUsd amount(currency: "USD") { amount method } } } } }`);
    const flow = loans.nodes.flatMap((l) => l.flows).find((f) => f.currency === 'EUR' && f.valueUsd !== null);
    expect(flow).toBeDefined();
    if (!flow) return;
    expect(flow.amount).toEqual({ amount: new Decimal(flow.valueUsd ?? '').toFixed(2), method: 'own-rate' });
    const table = await hub.query<{ convert: { amount: string; method: string } }>(
      `query($amount: Decimal!, $date: Date!) { convert(amount: $amount, from: "EUR", to: "USD", date: $date) { amount method } }`,
      { amount: flow.value, date: flow.date },
    );
    expect(table.convert.method).toMatch(/^(value-date|nearest-earlier)$/);
    expect(table.convert.amount).not.toBe(flow.amount.amount);
  });

  it('gives an IATI budget its fiscal year by the start of its period, and its value in another currency', async () => {
    type Budget = { id: string; periodStart: string; value: string; currency: string; valueDate: string | null };
    const { activity } = await hub.query<{
      activity: {
        budgets: (Budget & {
          fiscalPeriod: { fiscalYear: string; quarter: number };
          amount: { amount: string; rate: string; date: string };
        })[];
      };
    }>(`{ activity(iatiIdentifier: "44000-P175662") { budgets { id periodStart value currency valueDate
      fiscalPeriod(country: "MW") { fiscalYear quarter } amount(currency: "GBP") { amount rate date } } } }`);
    expect(activity.budgets.length).toBeGreaterThan(100);
    for (const budget of activity.budgets) {
      const [year = 0, month = 0] = budget.periodStart.split('-').map(Number);
      const start = month >= 4 ? year : year - 1; // Malawi: April–March
      expect(budget.fiscalPeriod, budget.periodStart).toEqual({
        fiscalYear: `${start}/${String((start + 1) % 100).padStart(2, '0')}`,
        quarter: Math.floor(((month + 8) % 12) / 3) + 1,
      });
      expect(budget.amount.date).toBe(budget.valueDate ?? budget.periodStart);
      expect(budget.amount.amount).toBe(
        new Decimal(budget.value).times(budget.amount.rate).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2),
      );
    }

    // The aid subgraph resolves a budget another subgraph refers to by its id alone.
    const [first] = activity.budgets;
    const aid = await aidSubgraph.build();
    const entities = await execute({
      schema: aid.schema,
      document: parseGraphql(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Budget { id periodStart value currency type { code } } } }`,
      ),
      variableValues: {
        r: [
          { __typename: 'Budget', id: first?.id },
          { __typename: 'Budget', id: '0' },
        ],
      },
      contextValue: createAidContext(hub.db.orm),
    });
    expect(entities.errors).toBeUndefined();
    expect(entities.data?._entities).toEqual([
      {
        id: first?.id,
        periodStart: first?.periodStart,
        value: first?.value,
        currency: first?.currency,
        type: { code: expect.stringMatching(/^[12]$/) },
      },
      null,
    ]);
  });
});
