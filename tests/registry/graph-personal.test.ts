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
} as const;

interface Row {
  id: number;
  key: string;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  national_id_hash: string | null;
  phone: string | null;
  area_code: string;
}

async function firstIndividualWithEverything(): Promise<Row> {
  const [row] = await hub.db.orm.em
    .fork()
    .execute<Row[]>(
      `select id, key, given_name, family_name, date_of_birth::text, national_id_hash, phone, area_code from reg_individual where national_id_hash is not null and phone is not null order by id limit 1`,
    );
  return row!;
}

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace('date_of_birth', 'date_of_birth');

describe('personal fields, per field and per role', () => {
  for (const [type, fields] of Object.entries(PERSONAL)) {
    for (const field of fields) {
      for (const roles of ROLES) {
        const who = roles.length ? roles.join('+') : 'anonymous';
        const officer = roles.includes('registry-officer');
        it(`${type}.${field} ${officer ? 'resolves' : 'is refused'} for ${who}`, async () => {
          const person = await firstIndividualWithEverything();
          const query =
            type === 'Individual'
              ? `query($id: ID!) { individual(id: $id) { id ${field} } }`
              : `query($id: ID!) { individual(id: $id) { id household { id ${field} } } }`;
          const result = await hub.as(roles, query, { id: String(person.id) });
          if (officer) {
            expect(result.errors).toBeUndefined();
            const record = (result.data as { individual: Record<string, unknown> & { household: Record<string, unknown> } }).individual;
            if (type === 'Individual') expect(record[field]).toBe(person[snake(field) as keyof Row]);
            else expect(record.household[field]).toEqual(expect.any(String));
            return;
          }
          expect(result.errors?.[0]?.extensions?.code).toBe(roles.length ? 'FORBIDDEN' : 'UNAUTHENTICATED');
          expect(JSON.stringify(result.data ?? null)).not.toContain(person.given_name);
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
