import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIatiFile } from '../../connectors/iati/import.js';
import { loadConfig } from '../../src/config.js';
import { statements, type EntityManager } from '../../src/db/orm.js';
import { replaceAlignmentRules } from '../../src/mapping/alignment/table.js';
import { setOverride } from '../../src/mapping/alignment/overrides.js';
import { activitiesToApply, applyToActivities, type ApplyOptions } from '../../src/mapping/apply/run.js';
import { createMappingRule } from '../../src/mapping/rules/store.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { sample } from '../support/sample-data.js';

/**
 * The set-based apply (INSERT … SELECT over every activity) against the engine (each activity in
 * JavaScript), row for row, on real IATI files with the shipped rules: d-portal's COVID-19
 * activities (budget identifiers, sectors without percentages, several vocabularies), DFID in
 * Tanzania (a country whose chart the hub holds, so the engine's), IFAD (DAC 3-digit), USAID
 * (transactions with their own sectors), and others; then with rules, data and alignment rules
 * chosen to make the two disagree if either rounds, orders or escapes differently.
 */
let db: TestDatabase;
const FILES = [
  ['v2', 'dportal-covid-401.xml'],
  ['v1', 'dfid-TZ.xml'],
  ['v2', 'ifad-activity.xml'],
  ['v2', 'usaid-activity.xml'],
  ['v2', 'fcdo-activity.xml'],
  ['v2', 'worldbank-activity.xml'],
  ['v1', 'CD.xml'],
  ['v1', 'big_value.xml'],
];
const admin = (reason: string) => ({ by: 'aims.admin@mof.example', reason });

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return db.orm.em.fork().execute<T[]>(text, params);
}

/** Every assignment and activity alignment, as text, in one order. */
async function written(): Promise<{ assignments: string[]; alignment: string[] }> {
  const assignments = await query<{ row: string }>(
    `select concat_ws(' | ', activity_id, transaction_id, country, target_scheme, target_code, share::text, valid_from, valid_to, provenance,
       rule_ids::text, source_scheme, source_code) as row from map_assignment`,
  );
  const alignment = await query<{ row: string }>(
    `select concat_ws(' | ', activity_id, transaction_id, weighting, dimensions::text) as row from map_alignment`,
  );
  return { assignments: assignments.map((r) => r.row).sort(), alignment: alignment.map((r) => r.row).sort() };
}

async function applyBy(method: ApplyOptions['method']) {
  const summary = await db.orm.em
    .fork()
    .transactional(async (em: EntityManager) => applyToActivities(em, await activitiesToApply(em, 'all'), { method }));
  return { summary, ...(await written()) };
}

async function expectSameBothWays(): Promise<{ assignments: string[]; alignment: string[] }> {
  const engine = await applyBy('engine');
  const sets = await applyBy('sets');
  expect(sets.summary).toEqual(engine.summary);
  expect(sets.assignments).toEqual(engine.assignments);
  expect(sets.alignment).toEqual(engine.alignment);
  return sets;
}

beforeAll(async () => {
  db = await testDatabase();
  const limits = loadConfig().importLimits;
  for (const [version, file] of FILES) {
    const result = await importIatiFile(db.orm, sample('iati', 'activities', version!, file!), { limits, workers: 0 });
    expect(result.status, `${file}: ${result.error?.message}`).toBe('succeeded');
  }
}, 300_000);

afterAll(() => db?.close());

describe('the set-based apply writes what the engine writes', () => {
  it('on real IATI files with the shipped rules, row for row', async () => {
    const sets = await expectSameBothWays();
    expect(sets.assignments.length).toBeGreaterThan(1000);
    expect(sets.alignment.length).toBeGreaterThan(600);
    // Both paths are exercised: COFOG by the statements, Tanzania's chart by the engine.
    expect(sets.assignments.some((row) => row.includes(' | TZ | coa:'))).toBe(true);
    expect(sets.assignments.some((row) => row.includes('reported-budget-item'))).toBe(true);
    expect(sets.assignments.some((row) => /^\d+ \| \d+ \| cofog/.test(row))).toBe(true);
  });

  it('with splits that do not divide evenly, rules that place part of a source, and sources with several rules', async () => {
    const [sector] = await query<{ code: string }>(
      `select code from aid_sector where vocabulary = '1' and transaction_id is null group by code order by count(*) desc, code limit 1`,
    );
    const [category] = await query<{
      code: string;
    }>(`select left(code, 3) as code from aid_sector where vocabulary = '1' and transaction_id is null
      and left(code, 3) not in (select source_code from map_rule where source_scheme = 'dac3') group by 1 order by count(*) desc limit 1`);
    await db.orm.em.fork().transactional(async (em) => {
      await em.execute(`update map_rule set status = 'retired' where source_scheme = 'dac5' and source_code = ?`, [sector!.code]);
      for (const [code, share] of [
        ['07.3.1', '33.333'],
        ['07.4.0', '33.333'],
        ['10.7.0', '0.001'],
      ] as const) {
        await createMappingRule(
          em,
          {
            country: null,
            sourceScheme: 'dac5',
            sourceCode: sector!.code,
            targetScheme: 'cofog',
            targetCode: code,
            share,
            validFrom: null,
            validTo: null,
          },
          admin('a three-way split that leaves a third unmapped'),
        );
      }
      await createMappingRule(
        em,
        {
          country: null,
          sourceScheme: 'dac3',
          sourceCode: category!.code,
          targetScheme: 'cofog',
          targetCode: '01.1.1',
          share: '70',
          validFrom: null,
          validTo: null,
        },
        admin('a category rule reached through the fallback'),
      );
    });
    await expectSameBothWays();
  });

  it('with fiscal-year bounds, activity rules and alignment overrides, which the engine keeps', async () => {
    // A budget identifier reported but placed by no rule, and a DAC code no rule places: each given a rule from 2030 on.
    const [budgetIdentifier] = await query<{ code: string }>(
      `select code from aid_country_budget_item where vocabulary = '1'
       and code not in (select source_code from map_rule where source_scheme = 'budget-identifier' and status = 'active') order by code limit 1`,
    );
    const [sector] = await query<{ code: string }>(
      `select code from aid_sector where vocabulary = '1' and length(code) = 5
       and code not in (select source_code from map_rule where source_scheme = 'dac5' and status = 'active')
       and left(code, 3) not in (select source_code from map_rule where source_scheme = 'dac3' and status = 'active') order by code limit 1`,
    );
    const [activity] = await query<{ id: string }>(`select iati_identifier as id from aid_activity order by id limit 1 offset 5`);
    await db.orm.em.fork().transactional(async (em) => {
      for (const [scheme, code] of [
        ['budget-identifier', budgetIdentifier!.code],
        ['dac5', sector!.code],
      ] as const) {
        await createMappingRule(
          em,
          {
            country: null,
            sourceScheme: scheme,
            sourceCode: code,
            targetScheme: 'cofog',
            targetCode: '09.1.1',
            share: '100',
            validFrom: '2030',
            validTo: null,
          },
          admin('from 2030 only'),
        );
      }
      await createMappingRule(
        em,
        {
          country: null,
          sourceScheme: 'activity',
          sourceCode: activity!.id,
          targetScheme: 'cofog',
          targetCode: '04.2.1',
          share: '100',
          validFrom: null,
          validTo: null,
        },
        admin('this activity is agriculture'),
      );
      await setOverride(em, activity!.id, 'onBudget', true, admin('in the 2024 estimates, vote 12'));
    });
    await expectSameBothWays();
  });

  it('with alignment rules whose reasons carry quotes, percent signs and SQL, ties and corrections', async () => {
    const csv = [
      'id,priority,dimension,condition,value,reason',
      `quote,10,onBudget|onPlan,aidType in C01|A02,yes,"it's %L and %s; drop table map_rule; --"`,
      `unicode,10,onBudget,financeType = 110,no,"Ünïcode reason with a \\ backslash and a "" quote"`,
      'channel,20,*,disbursementChannel != 1,no,not through the treasury',
      'receiver,30,onTreasury|onAudit,receiverIsGovernment = true and flowType = 10,yes,a government receiver',
      'budget,40,onParliament,reportedOnBudget = true,unknown,reported on budget but not voted',
      'rest,900,*,*,no,no evidence',
    ].join('\n');
    await db.orm.em.fork().transactional(async (em) => replaceAlignmentRules(em, csv, 'test', admin('hostile reasons')));
    // Corrections that outweigh payments for a reason, and transactions in two currencies.
    await query(
      `update aid_transaction set value = -value * 3 where id in (select id from aid_transaction where type = '3' order by id limit 40)`,
    );
    await query(
      `update aid_transaction set currency = 'EUR' where id in (select id from aid_transaction where type = '3' order by id desc limit 40)`,
    );
    const sets = await expectSameBothWays();
    expect(sets.alignment.some((row) => row.includes('drop table map_rule'))).toBe(true);
    expect(sets.alignment.some((row) => row.includes('count: corrections outweigh payments'))).toBe(true);
    expect(sets.alignment.some((row) => row.includes('currencies (EUR, '))).toBe(true);
    // Beside the activities whose transactions the rules rate alike (one document per pattern), some weighed one by one.
    expect(sets.alignment.some((row) => row.includes('"PARTLY"'))).toBe(true);
    expect((await query<{ n: number }>(`select count(*)::int as n from map_rule`))[0]!.n).toBeGreaterThan(400);
  });

  it('sends the same statements for 10 activities as for every one outside the charted countries', async () => {
    // Rules with fiscal-year bounds (the test above) send the activities reporting their sources to the engine.
    await query(`update map_rule set status = 'retired' where valid_from is not null or valid_to is not null`);
    const outside = await query<{ id: number }>(
      `select a.id from aid_activity a where a.authoritative_report_id is not null
       and not exists (select 1 from aid_recipient_country c where c.report_id = a.authoritative_report_id and upper(c.code) in ('TZ', 'MW', 'MX', 'ES'))
       and not exists (select 1 from aid_transaction t where t.report_id = a.authoritative_report_id and upper(t.recipient_country) in ('TZ', 'MW', 'MX', 'ES'))
       and not exists (select 1 from map_rule r where r.source_scheme = 'activity' and r.source_code = a.iati_identifier)
       and not exists (select 1 from map_alignment_override o where o.iati_identifier = a.iati_identifier)
       order by a.id`,
    );
    expect(outside.length).toBeGreaterThan(500);
    const count = async (ids: number[]) => {
      const before = statements.count;
      await db.orm.em.fork().transactional((em) => applyToActivities(em, ids));
      return statements.count - before;
    };
    const ten = await count(outside.slice(0, 10).map((row) => row.id));
    const all = await count(outside.map((row) => row.id));
    expect(all).toBe(ten);
    expect(ten).toBeLessThan(32);
  });
});
