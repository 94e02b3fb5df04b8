import { mkdtemp } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../../connectors/formats/csv.js';
import { statements } from '../../../src/db/orm.js';
import { exportBudget } from '../../../src/export/budget.js';
import { projectionActivityIds } from '../../../src/mapping/projection/activities.js';
import { CHUNK_ACTIVITIES, projectionRows } from '../../../src/mapping/projection/rows.js';
import { checkProjection, type ProjectionRequest } from '../../../src/mapping/projection/setup.js';
import type { TestHub } from '../../support/hub.js';
import { sample } from '../../support/sample-data.js';
import { demoMalawiHub } from './demo-hub.js';
import { HOSTILE, HOSTILE_TITLE, hostileSheet, writeHostileActivity } from './hostile-activity.js';

/**
 * The aid-on-budget view on the demo's Malawi (three generated publishers, the vote sheet, the
 * Reserve Bank's rates from January 2023), the Global Fund's real Malawi grants (IATI 1.0, 2003–2011)
 * and one hostile activity: splits exact to the cent,
 * on + off = total, a missing rate costing one amount only, every filter, totals against SQL.
 */
let hub: TestHub;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tributary-hostile-'));
  hub = await demoMalawiHub({
    iati: [await writeHostileActivity(dir), sample('iati', 'activities', 'v1', 'IATIfromGF.xml')],
    sheet: hostileSheet(),
  });
}, 240_000);

afterAll(() => hub?.close());

interface Converted {
  amount: string | null;
  currency: string;
  onTreasury: string | null;
  offTreasury: string | null;
  rate: string | null;
  rateDate: string | null;
  valueDate: string | null;
  source: string | null;
  error: string | null;
}
interface Amount {
  transaction: { amount: string; currency: string; onTreasury: string | null; offTreasury: string | null };
  national: Converted;
  usd: Converted;
  presented: Converted;
}
type Kind = 'committed' | 'disbursed' | 'expended' | 'forward';
interface Row {
  iatiIdentifier: string;
  title: string;
  fiscalYear: number;
  fiscalYearLabel: string;
  quarter: number | null;
  segment: string;
  code: string | null;
  share: string;
  donor: { ref: string | null };
  counterpart: { name: string } | null;
  financeType: string;
  alignment: { onTreasury: { status: string; share: string | null; reasons: string[] }; onBudget: { status: string } };
  amounts: Record<Kind, Amount>;
}

const CONVERTED = 'amount currency onTreasury offTreasury rate rateDate valueDate source error';
const AMOUNT = `{ transaction { amount currency onTreasury offTreasury } national { ${CONVERTED} } usd { ${CONVERTED} } presented { ${CONVERTED} } }`;
const ROW = `iatiIdentifier title fiscalYear fiscalYearLabel quarter segment code share donor { ref } counterpart { name } financeType
  alignment { onTreasury { status share reasons } onBudget { status } }
  amounts { committed ${AMOUNT} disbursed ${AMOUNT} expended ${AMOUNT} forward ${AMOUNT} }`;

async function rows(filter: Record<string, unknown> = {}): Promise<Row[]> {
  const data = await hub.query<{ aidProjection: { rows: Row[]; totalCount: number } }>(
    `query($filter: AidProjectionFilter!) { aidProjection(filter: $filter) { totalCount rows(limit: 1000) { ${ROW} } } }`,
    { filter: { country: 'MW', ...filter } },
  );
  expect(data.aidProjection.rows.length).toBe(data.aidProjection.totalCount);
  return data.aidProjection.rows;
}

const KINDS: Kind[] = ['committed', 'disbursed', 'expended', 'forward'];
const sum = (values: readonly (string | null)[]) => values.reduce((total, v) => total.plus(v ?? 0), new Decimal(0)).toFixed(2);

describe('the rows of the aid-on-budget view', () => {
  it('splits each activity-year over its votes to the cent, the rows adding up to the activity’s money by independent SQL', async () => {
    const all = await rows();
    const hostile = all.filter((r) => r.iatiIdentifier === HOSTILE && r.fiscalYear === 2024);
    expect(hostile.map((r) => [r.code, r.share])).toEqual([
      ['130', '33.3334'],
      ['310', '33.3333'],
      ['320', '33.3333'],
    ]);
    expect(hostile.map((r) => r.amounts.disbursed.transaction.amount)).toEqual(['1000.01', '1000.01', '1000.01']);
    // Fiscal years from April, transactions of authoritative reports of the activities placed in Malawi.
    const sums = await hub.db.orm.em.fork().execute<{ id: string; fy: number; currency: string; type: string; total: string }[]>(
      `select a.iati_identifier as id, extract(year from t.date - interval '3 months')::int as fy, t.currency, t.type, round(sum(t.value), 2)::text as total
       from aid_transaction t join aid_activity a on a.authoritative_report_id = t.report_id
       where t.type in ('2', '3', '4') and exists (select 1 from aid_recipient_country c where c.report_id = t.report_id and c.code = 'MW')
       group by 1, 2, 3, 4`,
    );
    const kindOf: Record<string, Kind> = { '2': 'committed', '3': 'disbursed', '4': 'expended' };
    expect(sums.length).toBeGreaterThan(50);
    for (const s of sums) {
      const parts = all.filter(
        (r) => r.iatiIdentifier === s.id && r.fiscalYear === s.fy && r.amounts.disbursed.transaction.currency === s.currency,
      );
      expect(parts.length, `${s.id} ${s.fy}`).toBeGreaterThan(0);
      expect(sum(parts.map((r) => r.amounts[kindOf[s.type]!].transaction.amount)), `${s.id} ${s.fy} ${s.type}`).toBe(s.total);
      expect(sum(parts.map((r) => r.share)), `${s.id} ${s.fy}`).toBe('100.00');
    }
    // Converted amounts are split from the converted whole, so they add up too.
    const converted = hostile.map((r) => r.amounts.disbursed.national.amount);
    expect(new Decimal(sum(converted)).isPositive()).toBe(true);
    expect(hostile.every((r) => r.amounts.disbursed.national.error === null)).toBe(true);
  });

  it('carries a PARTLY on-treasury share and splits every amount into on and off parts that add up to it', async () => {
    const all = await rows();
    const [row] = all.filter((r) => r.iatiIdentifier === HOSTILE && r.fiscalYear === 2024);
    expect(row!.alignment.onTreasury.status).toBe('PARTLY');
    expect(Number(row!.alignment.onTreasury.share)).toBeGreaterThan(0);
    expect(Number(row!.alignment.onTreasury.share)).toBeLessThan(100);
    let checked = 0;
    for (const r of all) {
      for (const kind of KINDS) {
        const amount = r.amounts[kind];
        for (const money of [amount.transaction, amount.national, amount.usd, amount.presented]) {
          if (money.amount === null || r.alignment.onTreasury.status === 'UNKNOWN') continue;
          expect(sum([money.onTreasury, money.offTreasury]), `${r.iatiIdentifier} ${r.fiscalYear} ${kind}`).toBe(money.amount);
          checked += 1;
        }
      }
      if (r.alignment.onTreasury.status === 'YES') expect(r.amounts.disbursed.transaction.offTreasury).toBe('0.00');
      if (r.alignment.onTreasury.status === 'NO') expect(r.amounts.disbursed.transaction.onTreasury).toBe('0.00');
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('nulls only the amount a missing rate cannot convert, with the reason, while the row and its other amounts stand', async () => {
    const all = await rows({ fiscalYears: ['2022/23'] });
    const row = all.find((r) => r.iatiIdentifier === HOSTILE && r.code === '310')!;
    expect(row.amounts.committed.transaction.amount).toBe('333333.00');
    expect(row.amounts.committed.national).toMatchObject({ amount: null, onTreasury: null, rate: null, valueDate: '2022-05-01' });
    expect(row.amounts.committed.national.error).toMatch(/no exchange rate from USD to MWK on or before 2022-05-01/);
    expect(row.amounts.committed.usd).toMatchObject({ amount: '333333.00', rate: '1', error: null });
    expect(row.amounts.disbursed.national).toMatchObject({ error: null, valueDate: '2023-02-01', source: 'reserve-bank-of-malawi' });
    expect(Number(row.amounts.disbursed.national.amount)).toBeGreaterThan(33333 * 1000);
    expect(row.amounts.disbursed.national.rateDate).toBe('2023-02-01');
  });

  it('keeps an activity whose transaction no rate converts, nulling that amount alone (the graph’s Conversion)', async () => {
    const result = await hub.raw(
      `query($id: ID!) { activity(iatiIdentifier: $id) { title transactions { date value amount(currency: "MWK") { amount } } } }`,
      { id: HOSTILE },
    );
    const activity = (result.data as { activity: { title: string; transactions: { date: string; amount: { amount: string } | null }[] } })
      .activity;
    expect(activity.title).toBe(HOSTILE_TITLE);
    expect(activity.transactions).toHaveLength(4);
    expect(activity.transactions.find((t) => t.date === '2022-05-01')?.amount).toBeNull();
    expect(activity.transactions.filter((t) => t.amount !== null)).toHaveLength(3);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['NO_RATE']);
  });

  it('keeps the Global Fund’s real grants, a donor known by name only, every year with its rate missing in kwacha', async () => {
    const global = await rows({ donors: ['Global Fund'] });
    expect(new Set(global.map((r) => r.iatiIdentifier)).size).toBe(7);
    expect(global.every((r) => r.donor.ref === null && r.financeType === 'grant')).toBe(true);
    const disbursed = global.filter((r) => r.amounts.disbursed.transaction.amount !== '0.00');
    expect(disbursed.length).toBeGreaterThan(10);
    for (const r of disbursed) {
      expect(r.amounts.disbursed.national.amount).toBeNull();
      expect(r.amounts.disbursed.national.error).toMatch(/^no exchange rate from USD to MWK on or before 20(0|1)\d-/);
      expect(r.amounts.disbursed.usd.amount).toBe(r.amounts.disbursed.transaction.amount);
    }
  });

  it('names the donor, the counterpart, a loan and the hostile title as data', async () => {
    const [row] = (await rows({ donors: ['XM-TEST'] })).filter((r) => r.fiscalYear === 2024);
    expect(row).toMatchObject({
      title: HOSTILE_TITLE,
      donor: { ref: 'XM-TEST' },
      counterpart: { name: 'Ministry of Finance' },
      financeType: 'loan',
    });
  });

  it('gives the whole split of every segment beside the rows, and a segment’s only code as a column of the rows', async () => {
    type Split = { iatiIdentifier: string; segment: string; code: string | null; share: string };
    const data = await hub.query<{
      aidProjection: { splits: Split[]; rows: (Row & { otherCodes: { segment: string; code: string }[] })[] };
    }>(
      `{ aidProjection(filter: { country: "MW", donors: ["XM-TEST"] }) {
        splits { iatiIdentifier segment code share } rows(limit: 50) { code fiscalYear otherCodes { segment code } } } }`,
    );
    const { splits, rows: hostile } = data.aidProjection;
    expect(splits.filter((s) => s.segment === 'administrative').map((s) => [s.code, s.share])).toEqual([
      ['130', '33.3334'],
      ['310', '33.3333'],
      ['320', '33.3333'],
    ]);
    const single = [...new Set(splits.map((s) => s.segment))]
      .filter((segment) => segment !== 'administrative')
      .filter((segment) => {
        const codes = splits.filter((s) => s.segment === segment);
        return codes.length === 1 && codes[0]!.code !== null;
      });
    expect(single.length).toBeGreaterThan(0);
    for (const row of hostile) expect(row.otherCodes.map((c) => c.segment)).toEqual(single);
    const many = await hub.query<{ aidProjection: { splits: Split[] } }>(
      `{ aidProjection(filter: { country: "MW" }) { splits(limit: 1000) { iatiIdentifier segment share } } }`,
    );
    const perSegment = new Map<string, Decimal>();
    for (const s of many.aidProjection.splits) {
      const key = `${s.iatiIdentifier}|${s.segment}`;
      perSegment.set(key, (perSegment.get(key) ?? new Decimal(0)).plus(s.share));
    }
    expect(perSegment.size).toBeGreaterThan(40);
    for (const [key, total] of perSegment) expect(total.toFixed(4), key).toBe('100.0000');
  });

  it('pages in a stable order', async () => {
    const all = await rows();
    const page = await hub.query<{ aidProjection: { rows: { iatiIdentifier: string; fiscalYear: number; code: string | null }[] } }>(
      `{ aidProjection(filter: { country: "MW" }) { rows(offset: 10, limit: 7) { iatiIdentifier fiscalYear code } } }`,
    );
    expect(page.aidProjection.rows).toEqual(
      all.slice(10, 17).map((r) => ({ iatiIdentifier: r.iatiIdentifier, fiscalYear: r.fiscalYear, code: r.code })),
    );
  });
});

describe('the filters of the view', () => {
  let all: Row[];
  beforeAll(async () => {
    all = await rows();
  });

  it.each<[string, Record<string, unknown>, (r: Row) => boolean]>([
    ['a fiscal year by name', { fiscalYears: ['2024/25'] }, (r) => r.fiscalYear === 2024],
    ['fiscal years by start year', { fiscalYears: ['2023', '2025'] }, (r) => [2023, 2025].includes(r.fiscalYear)],
    ['on treasury (YES and PARTLY)', { treasury: ['on'] }, (r) => ['YES', 'PARTLY'].includes(r.alignment.onTreasury.status)],
    ['off treasury (NO and PARTLY)', { treasury: ['off'] }, (r) => ['NO', 'PARTLY'].includes(r.alignment.onTreasury.status)],
    ['partly on treasury', { treasury: ['PARTLY'] }, (r) => r.alignment.onTreasury.status === 'PARTLY'],
    ['budget unknown', { budget: ['unknown'] }, (r) => r.alignment.onBudget.status === 'UNKNOWN'],
    ['on budget', { budget: ['on'] }, (r) => ['YES', 'PARTLY'].includes(r.alignment.onBudget.status)],
    ['a donor', { donors: ['GB-GOV-1'] }, (r) => r.donor.ref === 'GB-GOV-1'],
    ['a vote and its cost centres', { votes: ['310'] }, (r) => r.code === '310' || (r.code ?? '').startsWith('310-')],
    ['loans', { financeTypes: ['loan'] }, (r) => r.financeType === 'loan'],
    ['grants', { financeTypes: ['grant'] }, (r) => r.financeType === 'grant'],
  ])('keeps exactly the rows of %s', async (_name, filter, keeps) => {
    const kept = await rows(filter);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(all.length);
    const key = (r: Row) => `${r.iatiIdentifier}|${r.fiscalYear}|${r.code}|${r.amounts.disbursed.transaction.currency}`;
    expect(kept.map(key)).toEqual(all.filter(keeps).map(key));
  });

  it('keeps the activities reporting a DAC sector or category, by aid’s sectors', async () => {
    const kept = new Set((await rows({ sectors: ['112'] })).map((r) => r.iatiIdentifier));
    const reporting = await hub.db.orm.em.fork().execute<{ id: string }[]>(
      `select distinct a.iati_identifier as id from aid_sector s join aid_activity a on a.authoritative_report_id = s.report_id
       where s.vocabulary = '1' and s.code like '112%'`,
    );
    const inMalawi = new Set(all.map((r) => r.iatiIdentifier));
    expect([...kept].sort()).toEqual(
      reporting
        .map((r) => r.id)
        .filter((id) => inMalawi.has(id))
        .sort(),
    );
    expect(kept.has(HOSTILE)).toBe(true);
  });

  it('presents amounts in the currency asked, splits by another segment, and by quarter', async () => {
    const usd = await rows({ currency: 'usd', fiscalYears: ['2024/25'] });
    expect(usd.every((r) => r.amounts.disbursed.presented.currency === 'USD')).toBe(true);
    expect(usd.map((r) => r.amounts.disbursed.presented.amount)).toEqual(usd.map((r) => r.amounts.disbursed.usd.amount));
    const functional = await rows({ segment: 'functional', fiscalYears: ['2024/25'] });
    expect(functional.every((r) => r.segment === 'functional' && (r.code === null || /^\d{2}(\.\d)*$/.test(r.code)))).toBe(true);
    expect(sum(functional.map((r) => r.amounts.disbursed.national.amount))).toBe(sum(usd.map((r) => r.amounts.disbursed.national.amount)));
    const quarters = await rows({ quarters: true, fiscalYears: ['2024/25'] });
    expect(new Set(quarters.map((r) => r.quarter))).toEqual(new Set([1, 2, 3, 4]));
    expect(sum(quarters.map((r) => r.amounts.disbursed.transaction.amount))).toBe(
      sum(usd.map((r) => r.amounts.disbursed.transaction.amount)),
    );
  });

  it.each([
    ['country', { country: 'Malawi' }, /country: "Malawi" is not an ISO 3166 country code/],
    ['country', { country: 'ZZ' }, /no chart of accounts for ZZ/],
    ['segment', { segment: 'colour' }, /segment: "colour" is not a segment of MW's chart \(administrative, /],
    ['fiscalYears', { fiscalYears: ['FY25'] }, /fiscalYears: "FY25" is not a fiscal year of MW \(e.g. "2025\/26"\)/],
    ['fiscalYears', { fiscalYears: ['2024/26'] }, /"2024\/26" is not a fiscal year/],
    ['treasury', { treasury: ['maybe'] }, /treasury: "maybe" is not one of on, off, partly, unknown/],
    ['budget', { budget: [''] }, /budget: "" is not one of/],
    ['financeTypes', { financeTypes: ['gift'] }, /financeTypes: "gift" is not one of grant, loan, other/],
    ['currency', { currency: 'dollars' }, /currency: "dollars" is not an ISO 4217 currency code/],
    ['sectors', { sectors: ['health'] }, /sectors: "health" is not a DAC purpose code/],
  ])('refuses a bad %s, naming it', async (field, filter, message) => {
    const result = await hub.raw(`query($filter: AidProjectionFilter!) { aidProjection(filter: $filter) { rows { code } } }`, {
      filter: { country: 'MW', ...filter },
    });
    expect(result.errors?.[0]?.message).toMatch(message);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', where: `field ${field}` });
  });

  it.each([
    ['totals(by: ["colour"]) { rows }', /by: "colour" is not one of fiscalYear, donor/],
    ['rows(limit: 5000) { code }', /limit must be between 0 and 1000/],
    ['rows(offset: -1) { code }', /offset must not be negative/],
  ])('refuses %s', async (selection, message) => {
    const result = await hub.raw(`{ aidProjection(filter: { country: "MW" }) { ${selection} } }`);
    expect(result.errors?.[0]?.message).toMatch(message);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('totals of the view', () => {
  it('equal, by donor and currency, the disbursements SQL sums independently of the view', async () => {
    const data = await hub.query<{
      aidProjection: { totals: { key: { donor: string; currency: string }; rows: number; amounts: { disbursed: { amount: string } } }[] };
    }>(`{ aidProjection(filter: { country: "MW", fiscalYears: ["2024/25"], currency: "USD" }) {
      totals(by: ["donor", "currency"]) { key { donor currency } rows amounts { disbursed { amount } } } } }`);
    const usd = data.aidProjection.totals.filter((t) => t.key.currency === 'USD');
    const expected = await hub.db.orm.em.fork().execute<{ donor: string; total: string }[]>(
      `select r.reporting_org_ref as donor, round(sum(t.value), 2)::text as total
       from aid_transaction t join aid_activity_report r on r.id = t.report_id join aid_activity a on a.authoritative_report_id = r.id
       where t.type = '3' and t.currency = 'USD' and t.date between '2024-04-01' and '2025-03-31'
         and exists (select 1 from aid_recipient_country c where c.report_id = r.id and c.code = 'MW')
       group by 1 order by 1`,
    );
    expect(expected.length).toBeGreaterThan(1);
    expect(usd.map((t) => ({ donor: t.key.donor, total: new Decimal(t.amounts.disbursed.amount).toFixed(2) }))).toEqual(
      expected.map((e) => ({ donor: e.donor, total: new Decimal(e.total).toFixed(2) })),
    );
  });

  it('by DAC sector category split each activity by its sector percentages, equal to SQL within a cent a row and adding up exactly', async () => {
    type SectorTotal = { key: { sector: string | null; currency: string }; rows: number; amounts: { disbursed: KindSums } };
    type KindSums = { amount: string; onTreasury: string; offTreasury: string };
    const data = await hub.query<{ aidProjection: { bySector: SectorTotal[]; all: { amounts: { disbursed: KindSums } }[] } }>(
      `{ aidProjection(filter: { country: "MW", fiscalYears: ["2024/25"], currency: "USD" }) {
        bySector: totals(by: ["sector", "currency"]) { key { sector currency } rows amounts { disbursed { amount onTreasury offTreasury } } }
        all: totals { amounts { disbursed { amount onTreasury offTreasury } } } } }`,
    );
    const { bySector, all } = data.aidProjection;
    // Activity-level DAC sectors of the authoritative report: purpose codes by category, categories only where no purpose code;
    // weights are the published percentages, or equal parts when one is missing or all are zero.
    const expected = await hub.db.orm.em.fork().execute<{ sector: string | null; total: string }[]>(
      `with tx as (
         select a.authoritative_report_id as rid, sum(t.value) as v
         from aid_transaction t join aid_activity a on a.authoritative_report_id = t.report_id
         where t.type = '3' and t.currency = 'USD' and t.date between '2024-04-01' and '2025-03-31'
           and exists (select 1 from aid_recipient_country c where c.report_id = t.report_id and c.code = 'MW')
         group by 1),
       cats as (
         select report_id, vocabulary, case when vocabulary = '1' then left(code, 3) else code end as cat, sum(percentage) as pct
         from aid_sector where transaction_id is null and vocabulary in ('1', '2') group by 1, 2, 3),
       chosen as (
         select * from cats x where x.vocabulary = '1' or not exists (select 1 from cats y where y.report_id = x.report_id and y.vocabulary = '1')),
       weights as (
         select report_id, cat, case when count(*) filter (where pct is null) over w = 0 and max(pct) over w > 0 then pct else 1 end as wt
         from chosen window w as (partition by report_id)),
       shares as (select report_id, cat, wt / sum(wt) over (partition by report_id) as f from weights)
       select s.cat as sector, round(sum(tx.v * coalesce(s.f, 1)), 2)::text as total
       from tx left join shares s on s.report_id = tx.rid group by 1 order by 1`,
    );
    const usd = bySector.filter((t) => t.key.currency === 'USD');
    expect(expected.filter((e) => e.sector !== null).length).toBeGreaterThan(3);
    expect(usd.map((t) => t.key.sector).sort()).toEqual(expected.map((e) => e.sector).sort());
    for (const e of expected) {
      const view = usd.find((t) => t.key.sector === e.sector)!;
      const off = new Decimal(view.amounts.disbursed.amount).minus(e.total).abs();
      expect(off.lte(new Decimal(view.rows).times('0.01')), `${e.sector}: ${view.amounts.disbursed.amount} vs ${e.total}`).toBe(true);
    }
    // Split exactly: the parts add up to the whole, on and off treasury included.
    const grand = all[0]!.amounts.disbursed;
    for (const part of ['amount', 'onTreasury', 'offTreasury'] as const)
      expect(sum(bySector.map((t) => t.amounts.disbursed[part]))).toBe(new Decimal(grand[part]).toFixed(2));
    for (const t of bySector)
      expect(new Decimal(t.amounts.disbursed.onTreasury).plus(t.amounts.disbursed.offTreasury).toFixed(2)).toBe(
        new Decimal(t.amounts.disbursed.amount).toFixed(2),
      );
    // Some activity reports several categories, so the split is exercised.
    const several = await hub.db.orm.em.fork().execute<{ n: number }[]>(
      `select count(*)::int as n from (select s.report_id from aid_sector s join aid_activity a on a.authoritative_report_id = s.report_id
         where s.transaction_id is null and s.vocabulary in ('1', '2') group by 1 having count(distinct left(s.code, 3)) > 1) x`,
    );
    expect(several[0]!.n).toBeGreaterThan(0);
  });

  it('add up to the rows, on and off treasury included, with one grand total when not grouped', async () => {
    const data = await hub.query<{
      aidProjection: {
        totalCount: number;
        totals: { rows: number; unconverted: number; amounts: Record<Kind, { amount: string; onTreasury: string; offTreasury: string }> }[];
        rows: Row[];
      };
    }>(`{ aidProjection(filter: { country: "MW", treasury: ["on", "off"] }) { totalCount
      totals { rows unconverted amounts { disbursed { amount onTreasury offTreasury } forward { amount } } }
      rows(limit: 1000) { ${ROW} } } }`);
    const { totals, rows: all, totalCount } = data.aidProjection;
    expect(totals).toHaveLength(1);
    expect(totals[0]!.rows).toBe(totalCount);
    expect(totals[0]!.unconverted).toBe(all.filter((r) => KINDS.some((k) => r.amounts[k].presented.amount === null)).length);
    const disbursed = totals[0]!.amounts.disbursed;
    expect(disbursed.amount).toBe(sum(all.map((r) => r.amounts.disbursed.presented.amount)));
    expect(disbursed.onTreasury).toBe(sum(all.map((r) => r.amounts.disbursed.presented.onTreasury)));
    expect(sum([disbursed.onTreasury, disbursed.offTreasury])).toBe(disbursed.amount);
    expect(totals[0]!.amounts.forward.amount).toBe(sum(all.map((r) => r.amounts.forward.presented.amount)));
  });
});

describe('the statements the view sends', () => {
  it('do not grow with the rows asked for: one for the activities, a few per chunk of 500', async () => {
    const count = async (query: string) => {
      await hub.query('{ aidProjection(filter: { country: "MW" }) { country } }');
      const before = statements.count;
      await hub.query(query);
      return statements.count - before;
    };
    const one = await count(`{ aidProjection(filter: { country: "MW" }) { rows(limit: 1) { code } } }`);
    const many = await count(`{ aidProjection(filter: { country: "MW" }) { rows(limit: 1000) { ${ROW} } } }`);
    expect(many).toBe(one);
    expect(many).toBeLessThanOrEqual(16);
  });

  // The counter counts every query builder compiled, subqueries built apart included: five statements a chunk count about ten.
  it('grow by a fixed few per chunk of activities when the chunks are small', async () => {
    const em = hub.db.orm.em.fork();
    const projection = await checkProjection(em, { country: 'MW' });
    const count = async (chunkSize: number) => {
      const before = statements.count;
      let n = 0;
      for await (const _row of projectionRows(em, projection, { chunkSize })) n += 1;
      return { statements: statements.count - before, rows: n };
    };
    const whole = await count(CHUNK_ACTIVITIES);
    const small = await count(10);
    const activities = (await projectionActivityIds(em, { ...projection.filter, under: null }, projection.administrative)).length;
    expect(small.rows).toBe(whole.rows);
    expect(activities).toBeGreaterThan(30);
    expect(small.statements - whole.statements).toBeLessThanOrEqual((Math.ceil(activities / 10) - 1) * 12);
    expect(small.statements).toBeGreaterThan(whole.statements);
  });
});

describe('aid beside the budget, and activities by placement', () => {
  type Split = { total: string; onBudget: string; offBudget: string; unknown: string };
  type Beside = {
    fiscalYear: string;
    code: string | null;
    name: string | null;
    aid: { disbursed: Split };
    budget: { approved: string } | null;
  };

  it('rolls aid up to the votes, on and off budget, beside the approved budget finance holds for each', async () => {
    const data = await hub.query<{
      aidBesideBudget: Beside[];
    }>(`{ aidBesideBudget(filter: { country: "MW", fiscalYears: ["2024/25"] }, level: 1) {
      fiscalYear code name aid { disbursed { total onBudget offBudget unknown } } budget { approved } } }`);
    const health = data.aidBesideBudget.find((r) => r.code === '310')!;
    expect(health).toMatchObject({ fiscalYear: '2024/25', name: 'Ministry of Health' });
    const viewed = await rows({ fiscalYears: ['2024/25'], votes: ['310'] });
    expect(health.aid.disbursed.total).toBe(sum(viewed.map((r) => r.amounts.disbursed.national.amount)));
    const { total, onBudget, offBudget, unknown } = health.aid.disbursed;
    expect(sum([onBudget, offBudget, unknown])).toBe(total);
    const [budget] = await hub.db.orm.em.fork().execute<{ approved: string }[]>(
      `select sum(approved)::text as approved from fin_budget_line where country = 'MW' and fiscal_year = '2024/25'
       and (codes->>'administrative' = '310' or codes->>'administrative' like '310-%')`,
    );
    expect(new Decimal(health.budget!.approved).toFixed(2)).toBe(new Decimal(budget!.approved).toFixed(2));
    // Every vote with a budget is there, aid or none; the codes are votes only.
    expect(data.aidBesideBudget.every((r) => r.code === null || /^\d{3}$/.test(r.code))).toBe(true);
    expect(data.aidBesideBudget.filter((r) => r.budget !== null).length).toBeGreaterThan(10);
  });

  it('lists the activities placed under a vote with the alignment asked, as aid’s activities', async () => {
    const data = await hub.query<{ placedActivities: { totalCount: number; nodes: { iatiIdentifier: string; title: string }[] } }>(
      `{ placedActivities(filter: { country: "MW", codes: ["310"], treasury: ["partly"] }) { totalCount nodes { iatiIdentifier title } } }`,
    );
    expect(data.placedActivities).toEqual({ totalCount: 1, nodes: [{ iatiIdentifier: HOSTILE, title: HOSTILE_TITLE }] });
    const health = await hub.query<{ placedActivities: { totalCount: number } }>(
      `{ placedActivities(filter: { country: "MW", codes: ["310"] }) { totalCount } }`,
    );
    const viewed = new Set((await rows({ votes: ['310'] })).map((r) => r.iatiIdentifier));
    expect(health.placedActivities.totalCount).toBeGreaterThanOrEqual(viewed.size);
    expect(viewed.size).toBeGreaterThan(1);
    const bad = await hub.raw(`{ placedActivities(filter: { country: "MW", codes: ["310", "999"] }) { totalCount } }`);
    expect(bad.errors?.[0]).toMatchObject({
      message: 'codes: 999 not in segment administrative of MW',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});

/** The exports are read from this file's demo database: building another one would take a minute more. */
describe('the budget export of the view (src/export/budget.ts)', () => {
  const at = new Date('2026-12-07T09:00:00Z');
  async function exported(format: 'csv' | 'xlsx', request: ProjectionRequest = { country: 'MW' }) {
    const chunks: Buffer[] = [];
    const output = new PassThrough();
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    let counted = 0;
    const summary = await exportBudget(hub.db.orm.em.fork(), output, {
      request,
      format,
      by: 'budget.officer@finance.gov.mw',
      at,
      onRow: () => (counted += 1),
    });
    expect(counted).toBe(summary.rows);
    return { summary, bytes: Buffer.concat(chunks) };
  }

  it('CSV: the same rows as the view, amounts exact, the hostile title neutralised', async () => {
    const { summary, bytes } = await exported('csv');
    const text = bytes.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const records = readCsvRecords(text.slice(1));
    const all = await rows();
    expect(summary.rows).toBe(all.length);
    expect(records.map((r) => [r['IATI identifier'], r['Fiscal year'], r['Code']])).toEqual(
      all.map((r) => [r.iatiIdentifier, r.fiscalYearLabel, r.code ?? '(unmapped)']),
    );
    expect(sum(records.map((r) => r['Disbursed, transaction currency'] || null))).toBe(
      sum(all.map((r) => r.amounts.disbursed.transaction.amount)),
    );
    expect(sum(records.map((r) => r['Disbursed'] || null))).toBe(sum(all.map((r) => r.amounts.disbursed.presented.amount)));
    const hostile = records.filter((r) => r['IATI identifier'] === HOSTILE);
    expect(hostile.length).toBeGreaterThan(0);
    for (const record of hostile) expect(record['Title']).toBe(`'${HOSTILE_TITLE}`);
    expect(records.some((r) => r['Conversion problems'])).toBe(true);
  });

  it('XLSX: the same rows typed, the hostile title as text, with the filters, rates used and unmapped remainder', async () => {
    const { summary, bytes } = await exported('xlsx', { country: 'MW', fiscalYears: ['2024/25', '2025/26'], treasury: ['off', 'unknown'] });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Aid on budget', 'Filters', 'Rates used', 'Unmapped']);
    const [aid, filters, rates, unmapped] = workbook.worksheets as [
      ExcelJS.Worksheet,
      ExcelJS.Worksheet,
      ExcelJS.Worksheet,
      ExcelJS.Worksheet,
    ];
    const all = await rows({ fiscalYears: ['2024/25', '2025/26'], treasury: ['off', 'unknown'] });
    expect(summary.rows).toBe(all.length);
    expect(aid.rowCount).toBe(all.length + 1);
    const header = (aid.getRow(1).values as unknown[]).slice(1);
    const column = (name: string) => header.indexOf(name) + 1;
    const disbursed = all.map((_, i) => aid.getRow(i + 2).getCell(column('Disbursed')).value);
    expect(disbursed.every((value) => value === null || typeof value === 'number')).toBe(true);
    expect(sum(disbursed.map((value) => (value === null ? null : String(value))))).toBe(
      sum(all.map((r) => r.amounts.disbursed.presented.amount)),
    );
    const titles = all.map((_, i) => aid.getRow(i + 2).getCell(column('Title')));
    const hostile = titles.filter((cell) => cell.value === HOSTILE_TITLE);
    expect(hostile.length).toBe(all.filter((r) => r.iatiIdentifier === HOSTILE).length);
    for (const cell of hostile) expect(cell.formula).toBeUndefined();
    expect(aid.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const filterValues = new Map(((filters.getSheetValues() as unknown[][]).slice(2) ?? []).map((row) => [row[1], row[2]]));
    expect(filterValues.get('Country')).toBe('MW');
    expect(filterValues.get('On treasury')).toBe('off, unknown');
    expect(filterValues.get('Generated by')).toBe('budget.officer@finance.gov.mw');
    expect(rates.rowCount - 1).toBe(summary.ratesUsed);
    expect(summary.ratesUsed).toBeGreaterThan(0);
    expect(rates.getRow(2).getCell(5).value).toMatch(/\S/);
    expect(unmapped.rowCount - 1).toBe(summary.unmappedSources);
  });

  it('refuses a bad filter naming it, before writing anything', async () => {
    const output = new PassThrough();
    let written = 0;
    output.on('data', (chunk: Buffer) => (written += chunk.length));
    await expect(
      exportBudget(hub.db.orm.em.fork(), output, { request: { country: 'MW', treasury: ['sideways'] }, format: 'xlsx', by: 'x', at }),
    ).rejects.toThrow(/treasury: "sideways" is not one of on, off, partly, unknown/);
    expect(written).toBe(0);
  });
});
