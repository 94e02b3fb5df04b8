import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIatiFile } from '../../connectors/iati/import.js';
import { secretOf } from '../../src/auth/jwt.js';
import { generateRegistry } from '../../src/cli/demo/registry/generate.js';
import { demoAreaSheet } from '../../src/cli/demo/registry/area-sheet.js';
import { loadConfig } from '../../src/config.js';
import { statements } from '../../src/db/orm.js';
import { applyMappingSheet } from '../../src/mapping/rules/sheet-apply.js';
import { loadRegistryBatch } from '../../src/registry/load/batch.js';
import { compiled } from '../aid/compiled-sql.js';
import { benchmarkActivities } from '../support/benchmark-activities.js';
import type { TestHub } from '../support/hub.js';
import { demoMalawiHub } from './projection/demo-hub.js';

/**
 * Activity locations matched to registry districts, on the demo's Malawi (its generated
 * publishers carry locations in its districts) and three real UNDP Malawi activities of the
 * d-portal export (GeoNames codes and district names, as published): by code through the
 * `location:G1` rules of the demo's area sheet, by name otherwise, ambiguity refused; the aid
 * located in each district against SQL written here; batched statements.
 */
const UNDP = ['XM-DAC-41114-OUTPUT-00120185', 'XM-DAC-41114-OUTPUT-00124271', 'XM-DAC-41114-OUTPUT-00126990'];

let t: TestHub;
let undpFile: string;
const sql = <T>(text: string, params: unknown[] = []) => t.db.orm.em.fork().execute<T[]>(text, params);

beforeAll(async () => {
  undpFile = await benchmarkActivities(path.join(await mkdtemp(path.join(tmpdir(), 'tributary-locations-')), 'undp-malawi.xml'), UNDP);
  t = await demoMalawiHub({ iati: [undpFile] });
  const hashKey = await secretOf(loadConfig().registry.idHashKey);
  if (!hashKey) throw new Error('the test environment has no national-ID hash key');
  await t.db.orm.em.fork().transactional(async (em) => {
    await loadRegistryBatch(em, 'demo-mis', generateRegistry({ households: 60 }), hashKey);
    await applyMappingSheet(em, Buffer.from(demoAreaSheet()), 'demo-malawi-areas.csv', 'test');
  });
}, 300_000);
afterAll(() => t?.close());

interface Located {
  id: string;
  name: string | null;
  adminArea: { code: string } | null;
  adminAreaMatch: { method: string | null; problem: string | null; candidates: string[] };
}

async function locationsOf(identifier: string): Promise<Located[]> {
  const data = await t.query<{ activity: { locations: Located[] } }>(
    `query ($id: ID!) { activity(iatiIdentifier: $id) { locations { id name adminArea { code } adminAreaMatch { method problem candidates } } } }`,
    { id: identifier },
  );
  return data.activity.locations;
}

const summary = (locations: Located[]) =>
  locations.map((l) => [l.name, l.adminArea?.code ?? null, l.adminAreaMatch.method ?? l.adminAreaMatch.problem] as const);

describe('activity locations', () => {
  it('serves what the publisher gave: names, administrative codes, points, exactness and reach', async () => {
    const data = await t.query<{ activity: { locations: unknown[] } }>(`{ activity(iatiIdentifier: "${UNDP[0]}") {
      locations { name administrative { vocabulary { code } level code } point { latitude longitude } exactness { code } reach { code } } } }`);
    expect(data.activity.locations).toEqual([
      {
        name: 'Machinga District',
        administrative: [{ vocabulary: { code: 'G1' }, level: 1, code: '927642' }],
        point: { latitude: '-14.945830', longitude: '35.573670' },
        exactness: { code: '1' },
        reach: { code: '1' },
      },
      {
        name: 'Zomba District',
        administrative: [{ vocabulary: { code: 'G1' }, level: 1, code: '923292' }],
        point: { latitude: '-15.430070', longitude: '35.418290' },
        exactness: { code: '1' },
        reach: { code: '1' },
      },
    ]);
  });

  it('re-imports the same file without changing a row, and replaces the locations of an activity that changed', async () => {
    const before = await sql<{ id: number; name: string }>('select id, name from aid_location order by id');
    const again = await importIatiFile(t.db.orm, undpFile, { limits: loadConfig().importLimits, workers: 0 });
    expect(again.counts).toMatchObject({ loaded: 0, updated: 0, unchanged: UNDP.length });
    expect(await sql('select id, name from aid_location order by id')).toEqual(before);

    const changed = path.join(path.dirname(undpFile), 'undp-malawi-changed.xml');
    await writeFile(changed, (await readFile(undpFile, 'utf8')).replace('>Mzuzu<', '>Mzuzu City<'));
    const update = await importIatiFile(t.db.orm, changed, { limits: loadConfig().importLimits, workers: 0 });
    expect(update.counts).toMatchObject({ loaded: 0, updated: 1, unchanged: UNDP.length - 1 });
    const after = await sql<{ id: number; name: string }>('select id, name from aid_location order by id');
    expect(after).toHaveLength(before.length);
    const names = (rows: { name: string }[]) => rows.map((r) => r.name).sort();
    expect(names(after)).toEqual(
      names(before)
        .map((n) => (n === 'Mzuzu' ? 'Mzuzu City' : n))
        .sort(),
    );
    // The changed activity's five locations are new rows; the others keep theirs.
    expect(after.filter((row) => !before.some((b) => b.id === row.id))).toHaveLength(5);
    await importIatiFile(t.db.orm, undpFile, { limits: loadConfig().importLimits, workers: 0 });
  });
});

describe('matching locations to registry districts', () => {
  it('matches by GeoNames code through the location: rules, and by name where no rule knows the code', async () => {
    expect(summary(await locationsOf(UNDP[0]!))).toEqual([
      ['Machinga District', 'MW-S-MHG', 'code'],
      ['Zomba District', 'MW-S-ZBA', 'code'],
    ]);
    // GeoNames ids of the towns (Zomba 923295, not the district's 923292): no rule, so by name; Mzuzu is a city, no district.
    expect(summary(await locationsOf(UNDP[1]!))).toEqual([
      ['Zomba', 'MW-S-ZBA', 'name'],
      ['Blantyre', 'MW-S-BLK', 'name'],
      ['Lilongwe', 'MW-C-LLW', 'name'],
      ['Thyolo', 'MW-S-TYL', 'name'],
      ['Mzuzu', null, 'NO_DISTRICT'],
    ]);
    expect(summary(await locationsOf('GB-GOV-1-300477'))).toEqual([
      ['Machinga District', 'MW-S-MHG', 'code'],
      ['Zomba District', 'MW-S-ZBA', 'code'],
      ['Mangochi', 'MW-S-MGC', 'name'],
      ['Balaka District', 'MW-S-BLA', 'name'],
      ['Chikwawa', 'MW-S-CKW', 'name'],
    ]);
  });

  it("lists the country's unmatched locations for an AIMS administrator, and only that country's", async () => {
    const data = await t.query<{ unmatchedLocations: { name: string; problem: string; activity: { iatiIdentifier: string } }[] }>(
      '{ unmatchedLocations(country: "MW") { name problem activity { iatiIdentifier } } }',
    );
    expect(data.unmatchedLocations).toEqual([
      { name: 'Liwonde', problem: 'NO_DISTRICT', activity: { iatiIdentifier: 'GB-GOV-1-300520' } },
      { name: 'Mzuzu', problem: 'NO_DISTRICT', activity: { iatiIdentifier: UNDP[1] } },
    ]);
    expect((await t.query<{ unmatchedLocations: unknown[] }>('{ unmatchedLocations(country: "LR") { name } }')).unmatchedLocations).toEqual(
      [],
    );
    const refused = await t.raw('{ unmatchedLocations(country: "MW", first: 5000) { name } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

interface AreaAid {
  code: string;
  aid: {
    fiscalYear: string;
    from: string;
    to: string;
    disbursed: { currency: string; amount: string }[];
    activities: {
      activity: { iatiIdentifier: string };
      locationsHere: number;
      locations: number;
      disbursed: { currency: string; amount: string }[];
    }[];
  };
}

const AREA_AID = `query ($fy: String!) { adminAreas(level: 2) { code aid(fiscalYear: $fy) { fiscalYear from to disbursed { currency amount }
  activities { activity { iatiIdentifier } locationsHere locations disbursed { currency amount } } } } }`;

/** Each location's district as the graph matched it, then each activity's disbursements in the year, split here in BigInt cents. */
async function expectedAid(from: string, to: string): Promise<Map<string, Map<string, bigint>>> {
  const located = await sql<{ iati_identifier: string; location_id: number; seq: number; n: number }>(`
    select a.iati_identifier, l.id as location_id, l.seq, count(*) over (partition by l.report_id)::int as n
    from aid_location l join aid_activity a on a.authoritative_report_id = l.report_id`);
  const areas = new Map<number, string | null>();
  for (const identifier of new Set(located.map((l) => l.iati_identifier)))
    for (const l of await locationsOf(identifier)) areas.set(Number(l.id), l.adminArea?.code ?? null);
  const paid = await sql<{ iati_identifier: string; currency: string; cents: string }>(
    `select a.iati_identifier, t.currency, round(sum(t.value) * 100)::text as cents
     from aid_transaction t join aid_activity a on a.authoritative_report_id = t.report_id
     where t.type = '3' and t.date between ? and ? group by 1, 2`,
    [from, to],
  );
  const result = new Map<string, Map<string, bigint>>();
  for (const p of paid) {
    const total = BigInt(p.cents);
    for (const l of located.filter((x) => x.iati_identifier === p.iati_identifier)) {
      const area = areas.get(l.location_id);
      if (!area) continue;
      const n = BigInt(l.n);
      const base = total / n;
      const left = total - base * n;
      const part = base + (BigInt(l.seq) <= (left < 0n ? -left : left) ? (left < 0n ? -1n : 1n) : 0n);
      const byCurrency = result.get(area) ?? new Map<string, bigint>();
      byCurrency.set(p.currency, (byCurrency.get(p.currency) ?? 0n) + part);
      result.set(area, byCurrency);
    }
  }
  return result;
}

async function analyst<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const result = await t.raw(query, variables, { authorization: `Bearer ${await t.token('analyst', 'analyst')}` });
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

const cents = (amount: string) => BigInt(amount.replace('.', ''));

describe('aid located in registry districts', () => {
  it.each([
    ['2025/26', '2025-04-01', '2026-03-31'],
    ['2020/21', '2020-04-01', '2021-03-31'],
  ])('gives each district the disbursements of FY %s at its locations, split evenly to the cent, as SQL does', async (fy, from, to) => {
    const { adminAreas } = await analyst<{ adminAreas: AreaAid[] }>(AREA_AID, { fy });
    const expected = await expectedAid(from, to);
    expect(expected.size).toBeGreaterThan(0);
    for (const area of adminAreas) {
      expect(area.aid).toMatchObject({ fiscalYear: fy, from, to });
      const got = new Map(area.aid.disbursed.map((d) => [d.currency, cents(d.amount)]));
      expect(got, area.code).toEqual(expected.get(area.code) ?? new Map());
      for (const currency of got.keys()) {
        const sum = area.aid.activities
          .flatMap((a) => a.disbursed.filter((d) => d.currency === currency))
          .reduce((s, d) => s + cents(d.amount), 0n);
        expect(sum).toBe(got.get(currency));
      }
    }
  });

  it("splits UNDP's real disbursement of USD 192,186 between Machinga and Zomba, its two districts", async () => {
    const { adminAreas } = await analyst<{ adminAreas: AreaAid[] }>(AREA_AID, { fy: '2020/21' });
    const of = (code: string) => adminAreas.find((a) => a.code === code)?.aid.activities;
    for (const code of ['MW-S-MHG', 'MW-S-ZBA'])
      expect(of(code)).toEqual([
        { activity: { iatiIdentifier: UNDP[0] }, locationsHere: 1, locations: 2, disbursed: [{ currency: 'USD', amount: '96093.00' }] },
      ]);
  });

  it('gives concurrent callers the same answer', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => analyst<{ adminAreas: AreaAid[] }>(AREA_AID, { fy: '2025/26' })));
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
  });

  it('refuses a fiscal year the country does not have', async () => {
    const result = await t.raw(
      '{ adminAreas(level: 2) { aid(fiscalYear: "next year") { from } } }',
      {},
      { authorization: `Bearer ${await t.token('a', 'analyst')}` },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is aggregate aid: anonymous callers reach it from an activity location, and nothing in it leads to a registry record', async () => {
    const data = await t.query<{ activity: { locations: { adminArea: { code: string; aid: unknown } | null }[] } }>(
      `{ activity(iatiIdentifier: "GB-GOV-1-300477") { locations { adminArea { code aid(fiscalYear: "2025/26") { disbursed { currency amount } } } } } }`,
    );
    expect(data.activity.locations.every((l) => l.adminArea !== null)).toBe(true);
    const schema = await t.query<{ __type: { fields: { name: string }[] } }>('{ __type(name: "LocatedAid") { fields { name } } }');
    expect(schema.__type.fields.map((f) => f.name).sort()).toEqual(['activities', 'country', 'disbursed', 'fiscalYear', 'from', 'to']);
    const activity = await t.query<{ __type: { fields: { name: string }[] } }>(
      '{ __type(name: "LocatedActivityAid") { fields { name } } }',
    );
    expect(activity.__type.fields.map((f) => f.name).sort()).toEqual(['activity', 'disbursed', 'locations', 'locationsHere']);
  });
});

describe('the location joins', () => {
  const JOIN = `query ($first: Int!) { activities(first: $first, filter: { recipientCountry: ["MW"] }) { nodes { iatiIdentifier
    locations { name point { latitude } adminArea { code aid(fiscalYear: "2025/26") { disbursed { currency amount } activities { activity { iatiIdentifier title } } } } } } } }`;

  async function counted(first: number) {
    await t.query('{ activities(first: 1) { totalCount } }');
    const before = statements.count;
    const { data, texts } = await compiled(() => t.query<{ activities: { nodes: { locations: unknown[] }[] } }>(JOIN, { first }));
    return { statements: statements.count - before, texts, nodes: data.activities.nodes };
  }

  it("sends the same statements for the activities up to the first located one and for all of Malawi's", async () => {
    const many = await counted(100);
    expect(many.nodes.length).toBeGreaterThan(30);
    const firstLocated = many.nodes.findIndex((n) => n.locations.length > 0);
    expect(firstLocated).toBeGreaterThanOrEqual(0);
    expect(firstLocated + 1).toBeLessThan(many.nodes.length);
    const few = await counted(firstLocated + 1);
    const located = (nodes: typeof few.nodes) => nodes.flatMap((n) => n.locations).length;
    expect(located(few.nodes)).toBeGreaterThan(0);
    expect(located(many.nodes)).toBeGreaterThan(located(few.nodes));
    const heads = (texts: readonly string[]) => texts.map((text) => text.slice(0, 160)).sort();
    expect(heads(many.texts)).toEqual(heads(few.texts));
    expect(many.statements).toBe(few.statements);
  });
});

describe('ambiguity', () => {
  it('leaves a location unmatched, with its candidates, when its name or its code points to two districts', async () => {
    // A second district named Blantyre, placed at Machinga's location code: name and code are both ambiguous now.
    await sql(`insert into reg_area (code, name, level, parent) values ('MW-C-BL2', 'BLANTYRE district', 2, 'MW-C')`);
    await t.db.orm.em
      .fork()
      .transactional((em) =>
        applyMappingSheet(
          em,
          Buffer.from(
            'country,source_scheme,source_code,target_scheme,target_code,share,valid_from,valid_to,reason\nMW,admin-area,MW-C-BL2,coa:location,302,100,,,test\n',
          ),
          'x.csv',
          'test',
        ),
      );
    expect((await locationsOf(UNDP[0]!))[0]?.adminAreaMatch).toEqual({
      method: null,
      problem: 'AMBIGUOUS_CODE',
      candidates: ['MW-C-BL2', 'MW-S-MHG'],
    });
    const blantyre = (await locationsOf(UNDP[1]!))[1];
    expect(blantyre?.adminArea).toBeNull();
    expect(blantyre?.adminAreaMatch).toEqual({ method: null, problem: 'AMBIGUOUS_NAME', candidates: ['MW-C-BL2', 'MW-S-BLK'] });
    const { unmatchedLocations } = await t.query<{ unmatchedLocations: { name: string; problem: string }[] }>(
      '{ unmatchedLocations(country: "MW") { name problem } }',
    );
    expect(unmatchedLocations).toContainEqual({ name: 'Blantyre', problem: 'AMBIGUOUS_NAME' });
    expect(unmatchedLocations).toContainEqual({ name: 'Machinga District', problem: 'AMBIGUOUS_CODE' });
  });
});
