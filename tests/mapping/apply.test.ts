import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIatiFile } from '../../connectors/iati/import.js';
import { loadConfig } from '../../src/config.js';
import type { EntityManager } from '../../src/db/orm.js';
import { activitiesToApply, applyToActivities } from '../../src/mapping/apply/run.js';
import { coverageTotals } from '../../src/mapping/coverage.js';
import { loadDefaultRules } from '../../src/mapping/rules/defaults.js';
import { createMappingRule, retireMappingRule, updateMappingRule } from '../../src/mapping/rules/store.js';
import { projectRoot } from '../../src/paths.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { sample } from '../support/sample-data.js';

/**
 * Applying mapping rules to real IATI data: DFID's Tanzania portfolio (GBP, DAC 5-digit sectors
 * with percentages), d-portal's COVID-19 activities (87 of them report an IATI budget identifier)
 * and IFAD (DAC 3-digit sectors).
 */
let db: TestDatabase;
const COFOG = { scheme: 'cofog', country: null };
const admin = (reason: string) => ({ by: 'aims.admin@mof.example', reason });

async function inTransaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
  return db.orm.em.fork().transactional(work);
}

async function applyAll(): Promise<void> {
  await inTransaction(async (em) => applyToActivities(em, await activitiesToApply(em, 'all')));
}

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return db.orm.em.fork().execute<T[]>(text, params);
}

/** DFID's Tanzania portfolio: GBP, and no country-budget-items (so its sectors decide). */
const DFID = 'GB-1';

async function gbpCofog() {
  const [gbp] = (await coverageTotals(db.orm.em.fork(), { target: COFOG, donor: DFID })).filter((t) => t.currency === 'GBP');
  return gbp!;
}

/** Of a rule-free derivation: DFID's disbursements and expenditures × the share of their activity's DAC 5-digit sectors the shipped table gives a COFOG class. */
async function expectedGbpMapped(): Promise<Decimal> {
  const table = parse(readFileSync(path.join(projectRoot, 'mappings', 'sectors', 'dac-cofog.csv')), { columns: true }) as Record<
    string,
    string
  >[];
  const mapped = new Set(table.filter((row) => row.cofog_class).map((row) => row.dac_code));
  const transactions = await query<{ value: string; report: number }>(
    `select t.value::text as value, t.report_id as report from aid_transaction t join aid_activity a on a.authoritative_report_id = t.report_id
     join aid_activity_report r on r.id = t.report_id
     where t.currency = 'GBP' and t.type in ('3', '4') and r.reporting_org_ref = '${DFID}'`,
  );
  const sectors = await query<{ report: number; code: string; percentage: string | null; transaction: number | null }>(
    `select report_id as report, code, percentage::text as percentage, transaction_id as transaction from aid_sector where vocabulary = '1'`,
  );
  let total = new Decimal(0);
  for (const t of transactions) {
    const own = sectors.filter((s) => s.report === t.report && s.transaction === null);
    const share = own.reduce(
      (sum, s) => (mapped.has(s.code) ? sum.plus(s.percentage ?? new Decimal(100).div(own.length)) : sum),
      new Decimal(0),
    );
    total = total.plus(new Decimal(t.value).times(share).div(100));
  }
  return total;
}

beforeAll(async () => {
  db = await testDatabase();
  const limits = loadConfig().importLimits;
  for (const file of [
    sample('iati', 'activities', 'v1', 'dfid-TZ.xml'),
    sample('iati', 'activities', 'v2', 'dportal-covid-401.xml'),
    sample('iati', 'activities', 'v2', 'ifad-activity.xml'),
  ]) {
    const result = await importIatiFile(db.orm, file, { limits, workers: 0 });
    expect(result.status, result.error?.message).toBe('succeeded');
  }
  await applyAll();
}, 180_000);

afterAll(() => db?.close());

describe('the default DAC → COFOG table on real IATI data', () => {
  it('maps no disbursement value without rules, and what its sectors cover with the shipped table', async () => {
    await query(`delete from map_rule`);
    await applyAll();
    const before = await coverageTotals(db.orm.em.fork(), { target: COFOG });
    const dfidBefore = await coverageTotals(db.orm.em.fork(), { target: COFOG, donor: DFID });
    expect(before.length).toBeGreaterThan(3);
    for (const total of before) expect(new Decimal(total.mapped).isZero(), total.currency).toBe(true);

    await inTransaction((em) => loadDefaultRules(em));
    await applyAll();
    const after = await gbpCofog();
    expect(
      new Decimal(after.mapped)
        .minus(await expectedGbpMapped())
        .abs()
        .lte(0.01),
    ).toBe(true);
    expect(new Decimal(after.total)).toEqual(new Decimal(dfidBefore.find((t) => t.currency === 'GBP')!.total));
    expect(new Decimal(after.mapped).div(after.total).toNumber()).toBeGreaterThan(0.99);
  });

  it('reports the DAC 3-digit category IFAD uses as what leaves its money unmapped', async () => {
    const rows = await query<{ source_scheme: string; source_code: string; provenance: string }>(
      `select m.source_scheme, m.source_code, m.provenance from map_assignment m join aid_activity a on a.id = m.activity_id
       where a.iati_identifier like 'XM-DAC-41108-%' and m.target_scheme = 'cofog'`,
    );
    expect(rows).toContainEqual({ source_scheme: 'dac3', source_code: '430', provenance: 'unmapped' });
  });
});

type Assignment = { target_code: string | null; share: string; provenance: string; rule_ids: number[]; source_code: string | null };

async function cofogOf(iatiIdentifier: string): Promise<Assignment[]> {
  return query<Assignment>(
    `select m.target_code, m.share::text as share, m.provenance, m.rule_ids, m.source_code from map_assignment m join aid_activity a on a.id = m.activity_id
     where a.iati_identifier = ? and m.target_scheme = 'cofog' and m.transaction_id is null order by m.share desc, m.target_code`,
    [iatiIdentifier],
  );
}

/** An activity whose only DAC 5-digit sector is this one, at 100 %. */
async function activityWithOnly(code: string): Promise<string> {
  const [row] = await query<{ id: string }>(
    `select a.iati_identifier as id from aid_activity a where (select array_agg(s.code) from aid_sector s
       where s.report_id = a.authoritative_report_id and s.transaction_id is null and s.vocabulary = '1') = array[?]::text[] order by 1 limit 1`,
    [code],
  );
  return row!.id;
}

async function ruleFor(scheme: string, code: string): Promise<number> {
  const [row] = await query<{ id: number }>(`select id from map_rule where source_scheme = ? and source_code = ? and status = 'active'`, [
    scheme,
    code,
  ]);
  return row!.id;
}

describe('changing rules', () => {
  it('splits a sector over two COFOG classes, and keeps the default rule’s history', async () => {
    const activity = await activityWithOnly('15110');
    const shipped = '01.3.1'; // mappings/sectors/dac-cofog.csv: Public sector policy and administrative management
    expect(await cofogOf(activity)).toMatchObject([
      { target_code: shipped, share: '100', provenance: 'sector-rule', source_code: '15110' },
    ]);
    const defaultRule = await ruleFor('dac5', '15110');
    await inTransaction((em) =>
      updateMappingRule(em, defaultRule, { share: '60' }, admin('public sector policy is part general services')),
    );
    await inTransaction((em) =>
      createMappingRule(
        em,
        { sourceScheme: 'dac5', sourceCode: '15110', targetScheme: 'cofog', targetCode: '01.1.2', share: '40' },
        admin('and part financial and fiscal affairs'),
      ),
    );
    expect(await cofogOf(activity)).toMatchObject([
      { target_code: shipped, share: '60', provenance: 'sector-rule' },
      { target_code: '01.1.2', share: '40', provenance: 'sector-rule' },
    ]);
    const history = await query<{ operation: string; version: number; changed_by: string; reason: string; share: string }>(
      `select operation, version, changed_by, reason, after->>'share' as share from map_change where subject = 'rule' and subject_key = ? order by id`,
      [String(defaultRule)],
    );
    expect(history).toEqual([
      { operation: 'create', version: 1, changed_by: 'tributary', reason: expect.stringContaining('dac-cofog.csv'), share: '100' },
      {
        operation: 'update',
        version: 2,
        changed_by: 'aims.admin@mof.example',
        reason: 'public sector policy is part general services',
        share: '60',
      },
    ]);
  });

  it('refuses a split over 100 % with nothing changed', async () => {
    const count = await query<{ n: number }>(`select count(*)::int as n from map_change`);
    await expect(
      inTransaction((em) =>
        createMappingRule(
          em,
          { sourceScheme: 'dac5', sourceCode: '15110', targetScheme: 'cofog', targetCode: '01.1.1', share: '10' },
          admin('too much'),
        ),
      ),
    ).rejects.toMatchObject({ code: 'INVALID_MAPPING', problems: [expect.objectContaining({ code: 'SHARES_OVER_100' })] });
    expect(await query(`select count(*)::int as n from map_change`)).toEqual(count);
  });

  it('re-applies only the activities reporting the changed sector', async () => {
    const before = await query<{ activity_id: number; applied_at: string }>(
      `select activity_id, applied_at::text from map_applied order by 1`,
    );
    const reporting = await query<{ id: number }>(
      `select distinct a.id from aid_sector s join aid_activity a on a.authoritative_report_id = s.report_id where s.vocabulary = '1' and s.code = '11110' order by 1`,
    );
    const rule = await ruleFor('dac5', '11110');
    const result = await inTransaction((em) =>
      updateMappingRule(em, rule, { targetCode: '09.5.0' }, admin('education policy goes to R&D')),
    );
    expect(result.reapplied).toBe(reporting.length);
    const after = await query<{ activity_id: number; applied_at: string }>(
      `select activity_id, applied_at::text from map_applied order by 1`,
    );
    const changed = after.filter((row, i) => row.applied_at !== before[i]!.applied_at).map((row) => row.activity_id);
    expect(changed).toEqual(reporting.map((r) => r.id));
    expect(after.length).toBe(before.length);
  });

  it('puts a reported budget identifier before the sector rule, and says so', async () => {
    const [row] = await query<{ id: string }>(
      `select a.iati_identifier as id from aid_activity a join aid_country_budget_item c on c.report_id = a.authoritative_report_id where c.code = '5.1.1' order by 1 limit 1`,
    );
    const activity = row!.id;
    expect((await cofogOf(activity)).every((a) => a.provenance !== 'reported-budget-item')).toBe(true);
    await inTransaction((em) =>
      createMappingRule(
        em,
        { sourceScheme: 'budget-identifier', sourceCode: '5.1.1', targetScheme: 'cofog', targetCode: '07.6.0', share: '100' },
        admin('health policy, planning and administration'),
      ),
    );
    expect(await cofogOf(activity)).toMatchObject([
      { target_code: '07.6.0', share: '100', provenance: 'reported-budget-item', source_code: '5.1.1' },
    ]);
  });

  it('lets an activity rule override everything, and the activity falls back when it is retired', async () => {
    const activity = await activityWithOnly('15150');
    const ordinary = await cofogOf(activity);
    const { rule } = await inTransaction((em) =>
      createMappingRule(
        em,
        { sourceScheme: 'activity', sourceCode: activity, targetScheme: 'cofog', targetCode: '03.6.0' },
        admin('a police programme in fact'),
      ),
    );
    expect(await cofogOf(activity)).toMatchObject([
      { target_code: '03.6.0', share: '100', provenance: 'activity-rule', rule_ids: [rule.id] },
    ]);
    await inTransaction((em) => retireMappingRule(em, rule.id, admin('reviewed with the sector ministry')));
    expect(await cofogOf(activity)).toEqual(ordinary);
  });

  it('holds a rule only in its fiscal years: the activity gets one assignment per span', async () => {
    const activity = await activityWithOnly('15150');
    await inTransaction((em) =>
      createMappingRule(
        em,
        {
          sourceScheme: 'activity',
          sourceCode: activity,
          targetScheme: 'cofog',
          targetCode: '03.6.0',
          validFrom: '2012/13',
          validTo: '2013',
        },
        admin('two years as a police programme'),
      ),
    );
    const spans = await query<{ target_code: string; valid_from: number | null; valid_to: number | null }>(
      `select m.target_code, m.valid_from, m.valid_to from map_assignment m join aid_activity a on a.id = m.activity_id
       where a.iati_identifier = ? and m.target_scheme = 'cofog' and m.transaction_id is null order by m.valid_from nulls first`,
      [activity],
    );
    expect(spans).toEqual([
      { target_code: '01.3.2', valid_from: null, valid_to: 2011 },
      { target_code: '03.6.0', valid_from: 2012, valid_to: 2013 },
      { target_code: '01.3.2', valid_from: 2014, valid_to: null },
    ]);
  });
});

describe('COFOG to a national functional classification', () => {
  it('re-applies the activities placed under a COFOG division when a rule takes it to Mexico’s functional segment', async () => {
    const placed = await query<{ id: number }>(
      `select distinct activity_id as id from map_assignment where target_scheme = 'cofog' and target_code like '07.%' order by 1`,
    );
    expect(placed.length).toBeGreaterThan(0);
    const { reapplied } = await inTransaction((em) =>
      createMappingRule(
        em,
        { country: 'MX', sourceScheme: 'cofog', sourceCode: '07', targetScheme: 'coa:functional', targetCode: '2.3' },
        admin('health is Salud in the federal functional classification'),
      ),
    );
    expect(reapplied).toBe(placed.length);
  });
});

describe('reported budget identifiers by default', () => {
  it('places an activity reporting a budget identifier the shipped table knows by that, before its sectors', async () => {
    const [row] = await query<{ id: string }>(
      `select a.iati_identifier as id from aid_activity a join aid_country_budget_item c on c.report_id = a.authoritative_report_id
       where c.vocabulary = '1' and c.code = '5.3.1' order by 1 limit 1`,
    );
    expect(await cofogOf(row!.id)).toMatchObject([
      { target_code: '09.8.0', share: '100', provenance: 'reported-budget-item', source_code: '5.3.1' },
    ]);
  });
});

describe('applying in batches', () => {
  it('writes nothing when a later batch fails: the batches already written roll back with it', async () => {
    const ids = (await inTransaction((em) => activitiesToApply(em, 'all'))).slice(0, 5);
    const state = () =>
      query<{ activity_id: number; applied_at: string; assignments: string }>(
        `select p.activity_id, p.applied_at::text as applied_at,
           (select count(*) from map_assignment m where m.activity_id = p.activity_id)::text as assignments
         from map_applied p where p.activity_id in (${ids.join(', ')}) order by 1`,
      );
    const before = await state();
    expect(before).toHaveLength(5);
    // The third batch names one activity twice: marking it applied fails after two batches were written.
    const twice = [...ids, ids[4]!];
    await expect(inTransaction((em) => applyToActivities(em, twice, { batchSize: 2 }))).rejects.toThrow();
    expect(await state()).toEqual(before);
    // The same activities in batches of two, without the duplicate, apply (and mark them applied anew).
    const summary = await inTransaction((em) => applyToActivities(em, ids, { batchSize: 2 }));
    expect(summary.activities).toBe(5);
    const after = await state();
    expect(after.map((row) => row.assignments)).toEqual(before.map((row) => row.assignments));
    expect(after.every((row, i) => row.applied_at !== before[i]!.applied_at)).toBe(true);
  });
});
