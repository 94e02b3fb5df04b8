import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, print } from 'graphql';
import { redacted } from '../../src/registry/personal/audit.js';
import { hashNationalId } from '../../src/registry/national-id.js';
import { registryHub, type RegistryHub } from './graph-support.js';

/** Personal fields resolve for registry officers only, whatever the path; every read is audited. */
let hub: RegistryHub;
beforeAll(async () => {
  hub = await registryHub(120);
}, 120_000);
afterAll(() => hub?.close());

const ROLES: readonly (readonly string[])[] = [
  [],
  ['analyst'],
  ['budget-officer'],
  ['mapping-admin'],
  ['system-admin'],
  ['registry-officer'],
];
const PERSONAL = {
  Individual: ['key', 'givenName', 'familyName', 'dateOfBirth', 'nationalIdHash', 'phone', 'areaCode'],
  Household: ['key', 'areaCode'],
  RegistryPaymentRecord: ['paymentPoint', 'receipt'],
} as const;

/** Every personal column, by table: what no refused answer may contain. */
const PERSONAL_COLUMNS = {
  reg_individual: ['key', 'given_name', 'family_name', 'date_of_birth::text', 'national_id_hash', 'phone', 'area_code'],
  reg_household: ['key', 'area_code'],
  reg_payment: ['payment_point', 'receipt'],
} as const;

interface Subject {
  /** The query reaching the field, and the value a registry officer must get (among a record's payments, for a payment's). */
  query: string;
  variables: Record<string, unknown>;
  expected: string;
  /** Every personal value the query could reach: the person's, their household's, their payments'. */
  personalValues: string[];
}

const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

async function rows<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return hub.db.orm.em.fork().execute<T[]>(text, params);
}

/** A record whose `field` is set, the query that reaches the field, and every personal value near it. */
async function subjectFor(type: keyof typeof PERSONAL, field: string): Promise<Subject> {
  if (type === 'RegistryPaymentRecord') {
    const [payment] = await rows<{ individual_id: number | null; household_id: number | null; value: string }>(
      `select individual_id, household_id, ${column(field)} as value from reg_payment where ${column(field)} is not null order by id limit 1`,
    );
    const owner = payment!.individual_id === null ? 'household' : 'individual';
    const id = payment!.individual_id ?? payment!.household_id;
    const values = await rows<{ value: string }>(
      `select unnest(array[${PERSONAL_COLUMNS.reg_payment.join(', ')}]) as value from reg_payment where ${owner}_id = ?`,
      [id],
    );
    return {
      query: `query($id: ID!) { ${owner}(id: $id) { id payments { amount ${field} } } }`,
      variables: { id: String(id) },
      expected: payment!.value,
      personalValues: values.flatMap((v) => (v.value ? [v.value] : [])),
    };
  }
  const [person] = await rows<{ id: number; household_id: number; value: string }>(
    `select i.id, m.household_id, ${type === 'Individual' ? `i.${column(field)}::text` : `h.${column(field)}`} as value from reg_individual i
      join reg_membership m on m.individual_id = i.id join reg_household h on h.id = m.household_id
      where i.national_id_hash is not null and i.phone is not null order by i.id limit 1`,
  );
  const personal = await rows<{ value: string }>(
    `select unnest(array[${PERSONAL_COLUMNS.reg_individual.map((c) => `i.${c}`).join(', ')}, ${PERSONAL_COLUMNS.reg_household.map((c) => `h.${c}`).join(', ')}]) as value
      from reg_individual i join reg_household h on h.id = ? where i.id = ?`,
    [person!.household_id, person!.id],
  );
  return {
    query:
      type === 'Individual'
        ? `query($id: ID!) { individual(id: $id) { id ${field} } }`
        : `query($id: ID!) { individual(id: $id) { id household { id ${field} } } }`,
    variables: { id: String(person!.id) },
    expected: person!.value,
    personalValues: personal.flatMap((v) => (v.value ? [v.value] : [])),
  };
}

/** The values of `field` in an officer's answer, wherever the subject query put it. */
function valuesIn(type: keyof typeof PERSONAL, field: string, data: unknown): unknown[] {
  const root = Object.values(data as Record<string, Record<string, unknown>>)[0]!;
  if (type === 'Individual') return [root[field]];
  if (type === 'Household') return [(root.household as Record<string, unknown>)[field]];
  return (root.payments as Record<string, unknown>[]).map((p) => p[field]);
}

describe('personal fields, per field and per role', () => {
  for (const [type, fields] of Object.entries(PERSONAL) as [keyof typeof PERSONAL, readonly string[]][]) {
    for (const field of fields) {
      for (const roles of ROLES) {
        const who = roles.length ? roles.join('+') : 'anonymous';
        const officer = roles.includes('registry-officer');
        it(`${type}.${field} ${officer ? 'resolves' : 'is refused'} for ${who}`, async () => {
          const subject = await subjectFor(type, field);
          expect(subject.personalValues.length).toBeGreaterThan(0);
          const result = await hub.as(roles, subject.query, subject.variables);
          if (officer) {
            expect(result.errors).toBeUndefined();
            expect(valuesIn(type, field, result.data)).toContain(subject.expected);
            return;
          }
          expect(result.errors?.[0]?.extensions?.code).toBe(roles.length ? 'FORBIDDEN' : 'UNAUTHENTICATED');
          // Nothing personal anywhere in the answer: not the field asked for, nor any other personal value of the record.
          const answer = JSON.stringify(result);
          for (const value of subject.personalValues) expect(answer, `${type}.${field} for ${who}`).not.toContain(value);
          if (roles.includes('system-admin')) {
            // The record query is open to the system administrator: the refusal is the field's own.
            expect(result.errors?.[0]?.extensions?.field).toBe(`${type}.${field}`);
            expect(result.errors?.[0]?.extensions?.personalData).toBe(true);
          }
        });
      }
    }
  }

  it('refuses a personal field reached through another path (household members) for a system administrator', async () => {
    const result = await hub.as(
      ['system-admin'],
      `{ households(first: 1) { nodes { id members { role individual { sex givenName } } } } }`,
    );
    expect(result.errors?.[0]?.extensions?.field).toBe('Individual.givenName');
    const allowed = await hub.as(
      ['system-admin'],
      `{ households(first: 1) { nodes { id members { role individual { sex ageBand district } } } } }`,
    );
    expect(allowed.errors).toBeUndefined();
  });

  it('finds a person by national ID, hashed with the hub key before comparing', async () => {
    const person = hub.batch.individuals.find((i) => i.nationalId)!;
    const result = await hub.as(
      ['registry-officer'],
      `query($id: String!) { individuals(filter: { nationalId: $id }) { totalCount nodes { key nationalIdHash } } }`,
      {
        id: person.nationalId,
      },
    );
    expect(result.data).toEqual({
      individuals: { totalCount: 1, nodes: [{ key: person.key, nationalIdHash: hashNationalId(hub.hashKey, person.nationalId!) }] },
    });
  });

  it('pages through people with relay cursors', async () => {
    const first = (
      await hub.as(['registry-officer'], `{ individuals(first: 5) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`)
    ).data as {
      individuals: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { id: string }[] };
    };
    expect(first.individuals.totalCount).toBe(hub.batch.individuals.length);
    const next = (
      await hub.as(['registry-officer'], `query($after: String) { individuals(first: 5, after: $after) { nodes { id } } }`, {
        after: first.individuals.pageInfo.endCursor,
      })
    ).data as { individuals: { nodes: { id: string }[] } };
    expect(next.individuals.nodes.map((n) => Number(n.id))).toEqual(first.individuals.nodes.map((n) => Number(n.id) + 5));
  });
});

describe('the audit log of personal reads', () => {
  const reads = `query($subject: String) { personalDataReads(filter: { subject: $subject }) { totalCount nodes { subject roles operationName query fields records { type ids } readAt } } }`;

  it('records who read which fields of which records through which query, before answering', async () => {
    const read = await hub.as(
      ['registry-officer'],
      `query Visit { individuals(first: 3) { nodes { id givenName phone household { id areaCode } } } }`,
    );
    expect(read.errors).toBeUndefined();
    const nodes = (read.data as { individuals: { nodes: { id: string; household: { id: string } | null }[] } }).individuals.nodes;
    const log = await hub.as(['system-admin'], reads, { subject: 'user-registry-officer' });
    const entries = (
      log.data as {
        personalDataReads: {
          nodes: { operationName: string; fields: string[]; records: { type: string; ids: string[] }[]; query: string }[];
        };
      }
    ).personalDataReads.nodes.filter((entry) => entry.operationName === 'Visit');
    const fields = entries.flatMap((e) => e.fields).sort();
    expect([...new Set(fields)]).toEqual(['Household.areaCode', 'Individual.givenName', 'Individual.phone']);
    const ids = (type: string) =>
      [...new Set(entries.flatMap((e) => e.records.filter((r) => r.type === type).flatMap((r) => r.ids.map(Number))))].sort(
        (a, b) => a - b,
      );
    expect(ids('Individual')).toEqual(nodes.map((n) => Number(n.id)));
    expect(ids('Household')).toEqual(
      [...new Set(nodes.flatMap((n) => (n.household ? [Number(n.household.id)] : [])))].sort((a, b) => a - b),
    );
    expect(entries[0]!.query).toContain('givenName');
  });

  it('records reads of a payment’s receipt and payment point by the payments’ hub ids', async () => {
    const [owner] = await rows<{ individual_id: number }>(
      `select individual_id from reg_payment where individual_id is not null and receipt is not null order by id limit 1`,
    );
    const read = await hub.as(
      ['registry-officer'],
      `query Receipts($id: ID!) { individual(id: $id) { payments { amount receipt paymentPoint } } }`,
      {
        id: String(owner!.individual_id),
      },
    );
    expect(read.errors).toBeUndefined();
    const payments = await rows<{ id: number }>(`select id from reg_payment where individual_id = ? order by id`, [owner!.individual_id]);
    const entries = await rows<{ fields: string[]; records: Record<string, number[]> }>(
      `select fields, records from reg_personal_read where operation = 'Receipts'`,
    );
    expect(entries.flatMap((e) => e.fields).sort()).toEqual(['RegistryPaymentRecord.paymentPoint', 'RegistryPaymentRecord.receipt']);
    expect(entries.flatMap((e) => e.records.RegistryPaymentRecord ?? []).sort((a, b) => a - b)).toEqual(payments.map((p) => p.id));
  });

  it('writes nothing for reads of non-personal fields, or for refused reads', async () => {
    await hub.as(['registry-officer'], `query Plain { individuals(first: 3) { nodes { id sex ageBand district } } }`);
    await hub.as(['system-admin'], `query Refused { individuals(first: 3) { nodes { id givenName } } }`);
    const log = (await hub.as(['system-admin'], `{ personalDataReads(first: 1000) { nodes { operationName } } }`)).data as {
      personalDataReads: { nodes: { operationName: string | null }[] };
    };
    const names = log.personalDataReads.nodes.map((n) => n.operationName);
    expect(names).not.toContain('Plain');
    expect(names).not.toContain('Refused');
  });

  it('keeps a national ID written into the query out of the log', async () => {
    const person = hub.batch.individuals.find((i) => i.nationalId)!;
    await hub.as(
      ['registry-officer'],
      `query ById { individuals(filter: { nationalId: "${person.nationalId}" }) { nodes { givenName } } }`,
    );
    const log = (await hub.as(['system-admin'], `{ personalDataReads(first: 1000) { nodes { operationName query } } }`)).data as {
      personalDataReads: { nodes: { operationName: string | null; query: string }[] };
    };
    const entry = log.personalDataReads.nodes.find((n) => n.operationName === 'ById');
    expect(entry?.query).toContain('individuals');
    expect(entry?.query).not.toContain(person.nationalId!);
    // Called directly (not through the gateway, which makes literals variables), the subgraph redacts it itself.
    const direct = print(redacted(parse(`{ individuals(filter: { nationalId: "${person.nationalId}" }) { nodes { id } } }`)));
    expect(direct).toContain('nationalId: "[redacted]"');
    expect(direct).not.toContain(person.nationalId!);
  });

  it('is readable by system administrators only', async () => {
    for (const roles of ROLES.filter((r) => !r.includes('system-admin'))) {
      const result = await hub.as(roles, `{ personalDataReads { totalCount } }`);
      expect(result.errors?.[0]?.extensions?.code, roles.join('+') || 'anonymous').toBe(roles.length ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    }
  });
});
