import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashNationalId } from '../../src/registry/national-id.js';
import { registryHub, type RegistryHub } from './graph-support.js';

/**
 * Looking people up by who they are (national ID, name, phone, birth date, village) is a personal
 * read however little of the answer is selected: each search is in the audit log, with what it
 * looked for (hashed) and what it found, before anything is returned; system administrators may not.
 */
let hub: RegistryHub;
let person: { id: number; key: string; nationalId: string; phone: string; givenName: string; familyName: string; dateOfBirth: string };
let village: string;
let district: string;

beforeAll(async () => {
  hub = await registryHub(120);
  const chosen = hub.batch.individuals.find((i) => i.nationalId && i.phone)!;
  const [row] = await hub.db.orm.em.fork().execute<{ id: number; village: string; district: string }[]>(
    `select i.id, i.area_code as village, d.code as district from reg_individual i join reg_area v on v.code = i.area_code
        join reg_area t on t.code = v.parent join reg_area d on d.code = t.parent where i.key = ?`,
    [chosen.key],
  );
  person = { ...chosen, id: row!.id, nationalId: chosen.nationalId!, phone: chosen.phone! };
  village = row!.village;
  district = row!.district;
}, 120_000);
afterAll(() => hub?.close());

interface AuditRow {
  subject: string;
  fields: string[];
  records: Record<string, number[]>;
  search: Record<string, string> | null;
  query: string;
}

async function auditOf(operation: string): Promise<AuditRow[]> {
  return hub.db.orm.em
    .fork()
    .execute<AuditRow[]>(`select subject, fields, records, search, query from reg_personal_read where operation = ? order by id`, [
      operation,
    ]);
}

async function wholeAuditTable(): Promise<string> {
  const rows = await hub.db.orm.em.fork().execute<{ row: string }[]>(`select r::text as row from reg_personal_read r`);
  return rows.map((r) => r.row).join('\n');
}

const officer = ['registry-officer'];

describe('a search by a personal attribute is audited whatever the query selects', () => {
  const cases: { name: string; query: (op: string) => string; variables?: () => Record<string, unknown> }[] = [
    { name: 'only totalCount', query: (op) => `query ${op}($id: String) { individuals(filter: { nationalId: $id }) { totalCount } }` },
    { name: 'only id', query: (op) => `query ${op}($id: String) { individuals(filter: { nationalId: $id }) { nodes { id } } }` },
    {
      name: 'only non-personal fields',
      query: (op) => `query ${op}($id: String) { individuals(filter: { nationalId: $id }) { nodes { sex ageBand district } } }`,
    },
    {
      name: 'an alias',
      query: (op) => `query ${op}($id: String) { who: individuals(filter: { nationalId: $id }) { exists: totalCount } }`,
    },
    {
      name: 'the whole filter as a variable',
      query: (op) => `query ${op}($filter: RecordFilter) { individuals(filter: $filter) { totalCount } }`,
      variables: () => ({ filter: { nationalId: person.nationalId } }),
    },
    {
      name: 'the national ID as a literal',
      query: (op) => `query ${op} { individuals(filter: { nationalId: "${person.nationalId}" }) { pageInfo { hasNextPage } } }`,
    },
  ];
  for (const [i, c] of cases.entries()) {
    it(`by national ID, selecting ${c.name}`, async () => {
      const op = `ById${i}`;
      const result = await hub.as(officer, c.query(op), c.variables?.() ?? { id: person.nationalId });
      expect(result.errors).toBeUndefined();
      const [entry, ...more] = await auditOf(op);
      expect(more).toEqual([]);
      expect(entry).toMatchObject({
        subject: 'user-registry-officer',
        fields: ['Individual.filter.nationalId'],
        records: { Individual: [person.id] },
        search: { nationalId: hashNationalId(hub.hashKey, person.nationalId) },
      });
      expect(JSON.stringify(entry)).not.toContain(person.nationalId);
    });
  }

  it('by village, households with only their members’ non-personal fields', async () => {
    const result = await hub.as(
      officer,
      `query ByVillage($area: String) { households(filter: { area: $area }) { nodes { id members { role individual { id sex } } } } }`,
      { area: village },
    );
    expect(result.errors).toBeUndefined();
    const found = (result.data as { households: { nodes: { id: string }[] } }).households.nodes.map((n) => Number(n.id));
    expect(found.length).toBeGreaterThan(0);
    const [entry] = await auditOf('ByVillage');
    expect(entry?.fields).toEqual(['Household.filter.area']);
    expect(entry?.records).toEqual({ Household: found });
    expect(entry?.search?.area).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(entry)).not.toContain(village);
  });

  it.each([
    ['name', () => `${person.givenName} ${person.familyName}`],
    ['phone', () => person.phone],
    ['dateOfBirth', () => person.dateOfBirth],
  ])('by %s, finding the person and logging the value only hashed', async (filter, value) => {
    const op = `By_${filter}`;
    const type = filter === 'dateOfBirth' ? 'Date' : 'String';
    const result = await hub.as(
      officer,
      `query ${op}($v: ${type}) { individuals(filter: { ${filter}: $v }, first: 500) { nodes { id } } }`,
      {
        v: value(),
      },
    );
    expect(result.errors).toBeUndefined();
    const ids = (result.data as { individuals: { nodes: { id: string }[] } }).individuals.nodes.map((n) => Number(n.id));
    expect(ids).toContain(person.id);
    const [entry] = await auditOf(op);
    expect(entry?.fields).toEqual([`Individual.filter.${filter}`]);
    expect(entry?.records).toEqual({ Individual: ids });
    expect(entry?.search?.[filter]).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(entry)).not.toContain(value());
  });

  it('two searches in one request, aliased and through a fragment, are two entries', async () => {
    const result = await hub.as(
      officer,
      `query Twice($id: String, $phone: String) {
        a: individuals(filter: { nationalId: $id }) { ...Count }
        b: individuals(filter: { phone: $phone }) { ...Count }
      }
      fragment Count on IndividualConnection { totalCount }`,
      { id: person.nationalId, phone: person.phone },
    );
    expect(result.errors).toBeUndefined();
    const entries = await auditOf('Twice');
    expect(entries.map((e) => e.fields).sort()).toEqual([['Individual.filter.nationalId'], ['Individual.filter.phone']]);
  });

  it('a phone written with spaces and dashes finds the same person', async () => {
    const spaced = `${person.phone.slice(0, 4)} ${person.phone.slice(4, 6)}-${person.phone.slice(6)}`;
    const result = await hub.as(officer, `query($v: String) { individuals(filter: { phone: $v }) { nodes { id } } }`, { v: spaced });
    expect((result.data as { individuals: { nodes: { id: string }[] } }).individuals.nodes.map((n) => Number(n.id))).toContain(person.id);
  });

  it('is not written for searches by programme, source or district', async () => {
    const result = await hub.as(
      officer,
      `query ByDistrict($d: String) { individuals(filter: { area: $d, source: "demo-mis" }) { totalCount } }`,
      {
        d: district,
      },
    );
    expect((result.data as { individuals: { totalCount: number } }).individuals.totalCount).toBeGreaterThan(0);
    expect(await auditOf('ByDistrict')).toEqual([]);
  });

  it('is written before anything is returned: if it cannot be written, nothing is answered', async () => {
    const em = hub.db.orm.em.fork();
    await em.execute(`alter table reg_personal_read rename column search to search_moved`);
    try {
      const result = await hub.as(
        officer,
        `query Unlogged($id: String) { individuals(filter: { nationalId: $id }) { totalCount nodes { id } } }`,
        {
          id: person.nationalId,
        },
      );
      expect(result.errors?.length).toBeGreaterThan(0);
      expect((result.data as { individuals?: unknown } | null)?.individuals ?? null).toBeNull();
    } finally {
      await em.execute(`alter table reg_personal_read rename column search_moved to search`);
    }
  });

  it('keeps the national ID out of the audit table and the logs', async () => {
    const printed: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' '))),
    );
    try {
      await hub.as(officer, `query Quiet($id: String) { individuals(filter: { nationalId: $id }) { totalCount } }`, {
        id: person.nationalId,
      });
      await hub.as(['system-admin'], `query Refused($id: String) { individuals(filter: { nationalId: $id }) { totalCount } }`, {
        id: person.nationalId,
      });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(printed.join('\n')).not.toContain(person.nationalId);
    expect(await auditOf('Quiet')).toHaveLength(1);
    expect(await wholeAuditTable()).not.toContain(person.nationalId);
  });
});

describe('system administrators may not search people by who they are', () => {
  const refused: [string, string, () => Record<string, unknown>][] = [
    ['individuals', 'nationalId', () => ({ nationalId: person.nationalId })],
    ['individuals', 'name', () => ({ name: person.familyName })],
    ['individuals', 'phone', () => ({ phone: person.phone })],
    ['individuals', 'dateOfBirth', () => ({ dateOfBirth: person.dateOfBirth })],
    ['individuals', 'area', () => ({ area: village })],
    ['households', 'area', () => ({ area: village })],
  ];
  it.each(refused)('%s by %s is FORBIDDEN, naming the filter, and answers nothing', async (query, filter, value) => {
    const op = `Admin_${query}_${filter}`;
    const result = await hub.as(
      ['system-admin'],
      `query ${op}($filter: RecordFilter) { ${query}(filter: $filter) { totalCount nodes { id } } }`,
      { filter: value() },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: `filter.${filter}`, personalData: true });
    expect(result.errors?.[0]?.message).toContain(`filter.${filter}`);
    expect((result.data as Record<string, unknown> | null)?.[query] ?? null).toBeNull();
    expect(await auditOf(op)).toEqual([]);
  });

  it('still pages through records by district, without personal fields', async () => {
    const result = await hub.as(
      ['system-admin'],
      `query($d: String) { individuals(filter: { area: $d }) { totalCount nodes { sex district } } }`,
      {
        d: district,
      },
    );
    expect(result.errors).toBeUndefined();
    expect(
      (result.data as { individuals: { nodes: { district: string }[] } }).individuals.nodes.every((n) => n.district === district),
    ).toBe(true);
  });
});

describe('the audit log shows the search', () => {
  it('personalDataReads gives the filters, the hashed values and what was found', async () => {
    await hub.as(officer, `query Shown($f: RecordFilter) { individuals(filter: $f) { totalCount } }`, {
      f: { nationalId: person.nationalId, programme: 'no-such-programme' },
    });
    await hub.as(officer, `query Shown2($f: RecordFilter) { individuals(filter: $f) { totalCount } }`, {
      f: { nationalId: person.nationalId },
    });
    const log = await hub.as(
      ['system-admin'],
      `query($who: Int) { personalDataReads(filter: { individual: $who }) { nodes { operationName fields search { filter value hashed } records { type ids } } } }`,
      { who: person.id },
    );
    expect(log.errors).toBeUndefined();
    const nodes = (
      log.data as {
        personalDataReads: { nodes: { operationName: string; fields: string[]; search: unknown; records: unknown }[] };
      }
    ).personalDataReads.nodes;
    expect(nodes.find((n) => n.operationName === 'Shown2')).toEqual({
      operationName: 'Shown2',
      fields: ['Individual.filter.nationalId'],
      search: [{ filter: 'nationalId', value: hashNationalId(hub.hashKey, person.nationalId), hashed: true }],
      records: [{ type: 'Individual', ids: [String(person.id)] }],
    });
    // A search that found no one is still logged (it learnt that no one matched), with its other conditions in clear.
    const [empty] = await auditOf('Shown');
    expect(empty).toMatchObject({ records: { Individual: [] }, search: { programme: 'no-such-programme' } });
    expect(JSON.stringify(log)).not.toContain(person.nationalId);
  });
});
