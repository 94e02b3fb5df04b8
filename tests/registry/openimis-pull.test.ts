import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullOpenImis } from '../../connectors/registry/openimis/read.js';
import type { RegistryBatch, RegistryChanges } from '../../connectors/registry/types.js';
import { generateRegistry, registryAsOf } from '../../src/cli/demo/registry/generate.js';
import { knownRegistryKeys, mergeRegistryChanges } from '../../src/registry/load/merge.js';
import { hashNationalId } from '../../src/registry/national-id.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { openImisUuid } from '../support/openimis-double/records.js';
import { start, type OpenImisDouble } from '../support/openimis-double/server.js';

/**
 * A generated registry served by the openIMIS double, pulled whole and merged into the hub; then
 * changed in openIMIS (one person edited, one household deleted) and pulled again from the
 * watermark. The hub keys people and households by their openIMIS uuid.
 */
const KEY = 'the-test-id-hash-key-0123456789abcdefghij';
const SOURCE = 'openimis';
const OPTIONS = { households: 40 };
const batch: RegistryBatch = generateRegistry(OPTIONS);
const today = registryAsOf(OPTIONS);
const person = (key: string) => openImisUuid('Individual', key);
const household = (key: string) => openImisUuid('Group', key);
let db: TestDatabase;
let double: OpenImisDouble;
let first: RegistryChanges;

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return db.orm.em.fork().execute<T[]>(text, params);
}

async function merge(changes: RegistryChanges) {
  return db.orm.em.fork().transactional((em) => mergeRegistryChanges(em, SOURCE, changes, KEY));
}

async function pull(since: string | null) {
  const known = await knownRegistryKeys(db.orm.em.fork(), SOURCE);
  return pullOpenImis({ url: double.url, auth: { username: double.username, password: double.password }, since, today, known });
}

const sorted = <T>(rows: T[]): T[] =>
  rows
    .map((r) => JSON.stringify(r))
    .sort()
    .map((r) => JSON.parse(r) as T);

beforeAll(async () => {
  db = await testDatabase();
  double = await start({ batch });
  const result = await pull(null);
  expect(result.problems).toEqual([]);
  first = result.changes;
  await merge(first);
}, 120_000);

afterAll(async () => {
  await double?.close();
  await db?.close();
});

describe('pulling openIMIS and merging into the hub', () => {
  it('holds every household, person, membership, enrolment, payment and grievance as generated', async () => {
    const households = await query<{ key: string; area_code: string }>(`select key, area_code from reg_household order by key`);
    expect(households).toEqual(
      sorted(batch.households.map((h) => ({ key: household(h.key), area_code: h.areaCode }))).sort((a, b) => (a.key < b.key ? -1 : 1)),
    );
    const people = await query<Record<string, unknown>>(
      `select key, given_name, family_name, sex, to_char(date_of_birth, 'YYYY-MM-DD') as dob, national_id_hash, phone, area_code from reg_individual`,
    );
    expect(sorted(people)).toEqual(
      sorted(
        batch.individuals.map((i) => ({
          key: person(i.key),
          given_name: i.givenName,
          family_name: i.familyName,
          sex: i.sex,
          dob: i.dateOfBirth,
          national_id_hash: i.nationalId ? hashNationalId(KEY, i.nationalId) : null,
          phone: i.phone,
          area_code: i.areaCode,
        })),
      ),
    );
    const members = await query<Record<string, unknown>>(
      `select h.key as household, i.key as individual, m.role, m.recipient from reg_membership m
        join reg_household h on h.id = m.household_id join reg_individual i on i.id = m.individual_id`,
    );
    expect(sorted(members)).toEqual(
      sorted(
        batch.memberships.map((m) => ({
          household: household(m.householdKey),
          individual: person(m.individualKey),
          role: m.role,
          recipient: m.recipient,
        })),
      ),
    );
    const enrolments = await query<Record<string, unknown>>(
      `select e.programme_code, coalesce(h.key, i.key) as beneficiary, e.status, to_char(e.enrolled_on, 'YYYY-MM-DD') as enrolled_on,
        to_char(e.exited_on, 'YYYY-MM-DD') as exited_on
        from reg_enrolment e left join reg_household h on h.id = e.household_id left join reg_individual i on i.id = e.individual_id`,
    );
    const beneficiary = (key: string) => (key.startsWith('HH') ? household(key) : person(key));
    expect(sorted(enrolments)).toEqual(
      sorted(
        batch.enrolments.map((e) => ({
          programme_code: e.programmeCode,
          beneficiary: beneficiary(e.beneficiaryKey),
          status: e.status,
          enrolled_on: e.enrolledOn,
          exited_on: e.exitedOn,
        })),
      ),
    );
    const payments = await query<Record<string, unknown>>(
      `select p.key, p.programme_code, p.cycle, coalesce(h.key, i.key) as beneficiary, p.amount::text as amount, p.currency,
        to_char(p.due_date, 'YYYY-MM-DD') as due, to_char(p.paid_date, 'YYYY-MM-DD') as paid, p.status, p.payment_point, p.provider, p.receipt
        from reg_payment p left join reg_household h on h.id = p.household_id left join reg_individual i on i.id = p.individual_id`,
    );
    expect(payments).toHaveLength(batch.payments.length);
    expect(sorted(payments.map((p) => ({ ...p, amount: new Decimal(String(p.amount)).toString() })))).toEqual(
      sorted(
        batch.payments.map((p) => ({
          key: p.key,
          programme_code: p.programmeCode,
          cycle: p.cycle,
          beneficiary: beneficiary(p.beneficiaryKey),
          amount: new Decimal(p.amount).toString(),
          currency: p.currency,
          due: p.dueDate,
          paid: p.paidDate,
          status: p.status,
          payment_point: p.paymentPoint,
          provider: p.provider,
          receipt: p.receipt,
        })),
      ),
    );
    const grievances = await query<Record<string, unknown>>(
      `select key, programme_code, category, channel, priority, status, to_char(opened_on, 'YYYY-MM-DD') as opened_on,
        to_char(closed_on, 'YYYY-MM-DD') as closed_on, area_code from reg_grievance`,
    );
    expect(sorted(grievances)).toEqual(
      sorted(
        batch.grievances.map((g) => ({
          key: g.key,
          programme_code: g.programmeCode,
          category: g.category,
          channel: g.channel,
          priority: g.priority,
          status: g.status,
          opened_on: g.openedOn,
          closed_on: g.closedOn,
          area_code: g.areaCode,
        })),
      ),
    );
    const [{ n }] = (await query<{ n: number }>(`select count(*)::int as n from reg_area`)) as [{ n: number }];
    expect(n).toBe(batch.areas.length);
    expect(first.watermark).not.toBeNull();
  });

  it('merging the same changes again leaves the same state', async () => {
    const snapshot = async () => ({
      people: await query(`select id, key, given_name, national_id_hash from reg_individual order by key`),
      members: await query(`select household_id, individual_id, role, recipient from reg_membership order by 1, 2`),
      enrolments: await query(`select programme_code, household_id, individual_id, status from reg_enrolment order by 1, 2, 3`),
      payments: await query(`select id, key, amount::text, status from reg_payment order by key`),
      grievances: await query(`select id, key, status from reg_grievance order by key`),
    });
    const before = await snapshot();
    const again = await merge(first);
    expect(again.deleted).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it('pulls only what changed since the watermark: an edited person and a deleted household', async () => {
    const edited = batch.individuals.find((i) => i.nationalId)!;
    const leaving = batch.households.find(
      (h) => !batch.memberships.some((m) => m.householdKey === h.key && m.individualKey === edited.key),
    )!;
    double.records.updateIndividual(edited.key, {
      firstName: 'Chikondi',
      jsonExt: { sex: edited.sex, national_id: edited.nationalId, phone: '+265999000111' },
    });
    double.records.deleteGroup(leaving.key);
    const requestsBefore = double.requests.length;
    const { changes, problems } = await pull(first.watermark);
    expect(problems).toEqual([]);
    const sent = double.requests.slice(requestsBefore).filter((r) => r.field === 'individual');
    expect(sent.every((r) => r.variables.since === first.watermark)).toBe(true);
    expect(changes.batch.individuals.map((i) => i.key)).toEqual([person(edited.key)]);
    expect(changes.batch.households).toEqual([]);
    expect(changes.batch.memberships).toEqual([]);
    expect(changes.batch.payments).toEqual([]);
    expect(changes.batch.programmes.length).toBeLessThanOrEqual(1);
    expect(changes.deleted).toEqual({ households: [household(leaving.key)], individuals: [], payments: [], grievances: [] });
    expect(Date.parse(changes.watermark!)).toBeGreaterThan(Date.parse(first.watermark!));

    const result = await merge(changes);
    expect(result.deleted).toBe(1);
    const [row] = await query<{ given_name: string; phone: string }>(`select given_name, phone from reg_individual where key = ?`, [
      person(edited.key),
    ]);
    expect(row).toEqual({ given_name: 'Chikondi', phone: '+265999000111' });
    expect(await query(`select 1 from reg_household where key = ?`, [household(leaving.key)])).toEqual([]);
    const [{ n }] = (await query<{ n: number }>(`select count(*)::int as n from reg_household`)) as [{ n: number }];
    expect(n).toBe(batch.households.length - 1);
    const orphans = await query(
      `select 1 from reg_membership where household_id not in (select id from reg_household)
       union all select 1 from reg_payment where household_id is not null and household_id not in (select id from reg_household)
       union all select 1 from reg_enrolment where household_id is not null and household_id not in (select id from reg_household)`,
    );
    expect(orphans).toEqual([]);
    // The leaving household's members stay: openIMIS deleted the group, not the people.
    const members = batch.memberships.filter((m) => m.householdKey === leaving.key).map((m) => person(m.individualKey));
    const still = await query<{ n: number }>(`select count(*)::int as n from reg_individual where key in (?)`, [members]);
    expect(still[0]!.n).toBe(members.length);
  });

  it('reports a bad record by entity, uuid and field, so the caller loads nothing', async () => {
    const someone = batch.individuals[3]!;
    double.records.updateIndividual(someone.key, { jsonExt: { sex: 'unknown' } });
    const payment = double.records.find(double.records.payrollBenefits, 'PayrollBenefitConsumption', batch.payments[0]!.key);
    const benefit = payment.benefit as Record<string, unknown>;
    benefit.amount = '-5.00';
    double.records.touch(benefit);
    const { problems } = await pull(null);
    expect(problems).toContainEqual(
      expect.objectContaining({
        file: 'openimis:Individual',
        row: null,
        record: person(someone.key),
        field: 'jsonExt.sex',
        code: 'UNKNOWN_VALUE',
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'openimis:BenefitConsumption', record: benefit.uuid, field: 'amount', code: 'NEGATIVE_AMOUNT' }),
    );
  });
});
