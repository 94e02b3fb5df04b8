import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReceivedPullSource } from '../../connectors/registry/source.js';
import type { RegistryBatch, RegistryChanges } from '../../connectors/registry/types.js';
import { generateRegistry } from '../../src/cli/demo/registry/generate.js';
import { importRegistryPull } from '../../src/registry/load/pull.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

/**
 * An incremental pull checked against what the hub already holds for the source: a national ID
 * another person of the source has, a person already in a household the pull leaves alone.
 */
const KEY = 'the-test-id-hash-key-0123456789abcdefghij';
let db: TestDatabase;
const batch = generateRegistry({ households: 30 });

const empty: RegistryBatch = {
  programmes: [],
  funding: [],
  areas: [],
  households: [],
  individuals: [],
  memberships: [],
  enrolments: [],
  payments: [],
  grievances: [],
  changes: [],
};

function pull(changed: Partial<RegistryBatch>, watermark: string): ReceivedPullSource {
  const changes: RegistryChanges = {
    batch: { ...empty, ...changed },
    deleted: { households: [], individuals: [], payments: [], grievances: [] },
    watermark,
  };
  return new ReceivedPullSource({ changes, problems: [] });
}

const run = (changed: Partial<RegistryBatch>, watermark: string) =>
  importRegistryPull(db.orm, { source: 'mis', input: 'test pull', hashKey: KEY }, pull(changed, watermark));

async function state() {
  const [row] = await db.orm.em.fork().execute<{ people: number; memberships: number; watermark: string | null }[]>(
    `select (select count(*)::int from reg_individual) as people, (select count(*)::int from reg_membership) as memberships,
        (select watermark from reg_source_sync where source = 'mis') as watermark`,
  );
  return row!;
}

beforeAll(async () => {
  db = await testDatabase();
  const first = await run(batch, '2025-01-01T00:00:00Z');
  expect(first.status, first.error?.message).toBe('succeeded');
}, 120_000);
afterAll(() => db?.close());

describe('an incremental pull against what the hub holds', () => {
  const household = (n: number) => batch.households[n]!.key;
  const membersOf = (key: string) => batch.memberships.filter((m) => m.householdKey === key);

  it('refuses a new person with the national ID of someone the source already has, and keeps everything', async () => {
    const holder = batch.individuals.find((i) => i.nationalId)!;
    const before = await state();
    const newcomer = { ...holder, key: 'NEW-1', givenName: 'Someone', familyName: 'Else' };
    const target = household(0);
    const result = await run(
      {
        individuals: [newcomer],
        memberships: [...membersOf(target), { householdKey: target, individualKey: 'NEW-1', role: 'other', recipient: false }],
      },
      '2025-02-01T00:00:00Z',
    );
    expect(result.status).toBe('rejected');
    expect(result.problems).toEqual([
      expect.objectContaining({
        record: 'NEW-1',
        field: 'national_id',
        code: 'DUPLICATE_NATIONAL_ID',
        message: `the same national ID as ${holder.key}, already held`,
      }),
    ]);
    expect(await state()).toEqual(before);
  });

  it('refuses a person added to a second household while the first keeps them', async () => {
    const [mover] = membersOf(household(1)).filter((m) => !m.recipient);
    const target = household(2);
    const result = await run(
      {
        memberships: [...membersOf(target), { householdKey: target, individualKey: mover!.individualKey, role: 'other', recipient: false }],
      },
      '2025-02-01T00:00:00Z',
    );
    expect(result.status).toBe('rejected');
    expect(result.problems).toEqual([
      expect.objectContaining({ record: `${target}/${mover!.individualKey}`, field: 'individual_key', code: 'MEMBER_OF_TWO_HOUSEHOLDS' }),
    ]);
  });

  it('takes a move: both households in the pull, the person only in the new one', async () => {
    const from = household(3);
    const to = household(4);
    const [mover] = membersOf(from).filter((m) => !m.recipient && m.role !== 'head');
    const result = await run(
      {
        memberships: [
          ...membersOf(from).filter((m) => m.individualKey !== mover!.individualKey),
          ...membersOf(to),
          { householdKey: to, individualKey: mover!.individualKey, role: 'other', recipient: false },
        ],
      },
      '2025-03-01T00:00:00Z',
    );
    expect(result.status, JSON.stringify(result.problems)).toBe('succeeded');
    const [row] = await db.orm.em
      .fork()
      .execute<{ household: string }[]>(
        `select h.key as household from reg_membership m join reg_household h on h.id = m.household_id join reg_individual i on i.id = m.individual_id where i.key = '${mover!.individualKey}'`,
      );
    expect(row?.household).toBe(to);
    expect((await state()).watermark).toBe('2025-03-01T00:00:00Z');
  });
});
