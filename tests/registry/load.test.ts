import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistryBatch } from '../../connectors/registry/types.js';
import { generateRegistry } from '../../src/cli/demo/registry/generate.js';
import { loadRegistryBatch } from '../../src/registry/load/batch.js';
import { hashNationalId } from '../../src/registry/national-id.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

/** A generated registry (no real one is public) loaded into the hub's tables. */
const KEY = 'the-test-id-hash-key-0123456789abcdefghij';
let db: TestDatabase;
let batch: RegistryBatch;

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return db.orm.em.fork().execute<T[]>(text, params);
}

async function load(source: string, records: RegistryBatch) {
  return db.orm.em.fork().transactional((em) => loadRegistryBatch(em, source, records, KEY));
}

beforeAll(async () => {
  db = await testDatabase();
  batch = generateRegistry({ households: 300 });
  await load('demo-mis', batch);
}, 120_000);

afterAll(() => db?.close());

describe('loading a registry', () => {
  it('holds every household, person, enrolment and payment, with exact amounts', async () => {
    const [counts] = await query<Record<string, number>>(
      `select (select count(*)::int from reg_household) as households, (select count(*)::int from reg_individual) as individuals,
        (select count(*)::int from reg_membership) as memberships, (select count(*)::int from reg_enrolment) as enrolments,
        (select count(*)::int from reg_payment) as payments, (select count(*)::int from reg_grievance) as grievances`,
    );
    expect(counts).toEqual({
      households: batch.households.length,
      individuals: batch.individuals.length,
      memberships: batch.memberships.length,
      enrolments: batch.enrolments.length,
      payments: batch.payments.length,
      grievances: batch.grievances.length,
    });
    const [{ total }] = (await query<{ total: string }>(`select sum(amount)::text as total from reg_payment`)) as [{ total: string }];
    const expected = batch.payments.reduce((sum, p) => sum.plus(p.amount), new Decimal(0));
    expect(new Decimal(total).equals(expected)).toBe(true);
    const linked = await query<{ n: number }>(
      `select count(*)::int as n from reg_payment where household_id is null and individual_id is null`,
    );
    expect(linked[0]!.n).toBe(0);
  });

  it('stores national IDs only as keyed hashes: the same ID matches, the ID itself is nowhere', async () => {
    const person = batch.individuals.find((i) => i.nationalId)!;
    const rows = await query<{ national_id_hash: string }>(`select national_id_hash from reg_individual where key = ?`, [person.key]);
    expect(rows[0]!.national_id_hash).toBe(hashNationalId(KEY, person.nationalId!));
    expect(rows[0]!.national_id_hash).not.toContain(person.nationalId!);
    const dump = JSON.stringify(await query(`select * from reg_individual`));
    for (const individual of batch.individuals.slice(0, 200)) if (individual.nationalId) expect(dump).not.toContain(individual.nationalId);
    expect(hashNationalId(KEY, person.nationalId!.toLowerCase())).toBe(hashNationalId(KEY, person.nationalId!));
    expect(hashNationalId(`${KEY}x`, person.nationalId!)).not.toBe(hashNationalId(KEY, person.nationalId!));
  });

  it('keeps every record’s random statistical key across a re-import, and drops only the records that left', async () => {
    const KEYS = `select 'person ' || key as record, record_key::bigint as record_key from reg_individual
      union all select 'household ' || key, record_key from reg_household
      union all select 'payment ' || key, record_key + 1048576::bigint * amount_key from reg_payment
      union all select 'grievance ' || key, record_key from reg_grievance
      union all select 'change ' || h.key || ' ' || c.kind || ' ' || c."on", c.record_key from reg_household_change c join reg_household h on h.id = c.household_id
      order by 1, 2`;
    const before = await query<{ record: string; record_key: string }>(KEYS);
    expect(new Set(before.map((row) => row.record_key)).size).toBeGreaterThan(before.length * 0.9);
    await load('demo-mis', batch);
    expect(await query(KEYS)).toEqual(before);
    const payment = batch.payments[0]!;
    const grievance = batch.grievances[0]!;
    const change = batch.changes[0]!;
    await load('demo-mis', {
      ...batch,
      payments: batch.payments.filter((p) => p !== payment),
      grievances: batch.grievances.filter((g) => g !== grievance),
      changes: batch.changes.filter((c) => c !== change),
    });
    const gone = [`payment ${payment.key}`, `grievance ${grievance.key}`, `change ${change.householdKey} ${change.kind} ${change.on}`];
    const after = await query<{ record: string; record_key: string }>(KEYS);
    expect(after).toEqual(before.filter((row) => !gone.includes(row.record)));
    await load('demo-mis', batch);
  });

  it('re-imports idempotently, keeps people’s ids, and removes who left the registry', async () => {
    const before = await query<{ id: number; key: string }>(`select id, key from reg_individual order by key`);
    const again = await load('demo-mis', batch);
    expect(again.removed).toBe(0);
    expect(await query(`select id, key from reg_individual order by key`)).toEqual(before);
    const leaving = batch.households[0]!.key;
    const members = new Set(batch.memberships.filter((m) => m.householdKey === leaving).map((m) => m.individualKey));
    const smaller: RegistryBatch = {
      ...batch,
      households: batch.households.filter((h) => h.key !== leaving),
      individuals: batch.individuals.filter((i) => !members.has(i.key)),
      memberships: batch.memberships.filter((m) => m.householdKey !== leaving),
      enrolments: batch.enrolments.filter((e) => e.beneficiaryKey !== leaving && !members.has(e.beneficiaryKey)),
      payments: batch.payments.filter((p) => p.beneficiaryKey !== leaving && !members.has(p.beneficiaryKey)),
      changes: batch.changes.filter((c) => c.householdKey !== leaving),
    };
    const result = await load('demo-mis', smaller);
    expect(result.removed).toBe(1 + members.size);
    const [{ n }] = (await query<{ n: number }>(`select count(*)::int as n from reg_individual`)) as [{ n: number }];
    expect(n).toBe(batch.individuals.length - members.size);
  });
});
