import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicJwk } from '../../connectors/registry/dci/signature.js';
import { generateRegistry } from '../../src/cli/demo/registry/generate.js';
import { openCliDatabase, tributary } from '../support/cli.js';
import { startDciDouble, syntheticGroups, type DciDouble } from '../support/dci-double/index.js';
import { start as startOpenImis, type OpenImisDouble } from '../support/openimis-double/server.js';

/**
 * `tributary import registry <name>` pulling from registry APIs named in TRIBUTARY_REGISTRIES:
 * openIMIS (GraphQL) and a DCI social registry, each a local server answering in its protocol.
 */
async function query<T>(db: string, text: string): Promise<T[]> {
  const orm = await openCliDatabase(db);
  try {
    return await orm.em.fork().execute<T[]>(text);
  } finally {
    await orm.close(true);
  }
}

const hubKey = generateKeyPairSync('ed25519').privateKey;
let dir: string;
let openImis: OpenImisDouble;
let social: DciDouble;
let broken: DciDouble;
const batch = generateRegistry({ households: 40 });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tributary-pull-'));
  openImis = await startOpenImis({ batch });
  const clientKeys = { keys: [publicJwk(hubKey, 'hub-1')] };
  social = await startDciDouble({ registry: 'social', clientKeys, records: syntheticGroups(30) });
  broken = await startDciDouble({ registry: 'social', clientKeys });
  const keyFile = path.join(dir, 'hub-signing-key.pem');
  await writeFile(keyFile, hubKey.export({ format: 'pem', type: 'pkcs8' }) as string, { mode: 0o600 });
  const dci = (double: DciDouble) => ({
    kind: 'dci',
    registry: 'social',
    baseUrl: double.url,
    mode: 'sync',
    senderId: 'tributary',
    receiverId: double.registryId,
    signingKeyFile: keyFile,
    keyId: 'hub-1',
    registryJwksUrl: double.jwksUrl,
    tokenUrl: double.tokenUrl,
    clientId: 'tributary',
    clientSecretEnv: 'TEST_DCI_SECRET',
    country: 'MW',
    pageSize: 10,
  });
  const sources = {
    'mw-openimis': {
      kind: 'openimis',
      url: openImis.url,
      username: openImis.username,
      passwordEnv: 'TEST_OPENIMIS_PASSWORD',
      pageSize: 25,
    },
    'sr-social': dci(social),
    'sr-examples': dci(broken),
  };
  const file = path.join(dir, 'registries.json');
  await writeFile(file, JSON.stringify(sources, null, 2));
  Object.assign(process.env, {
    TRIBUTARY_REGISTRIES: file,
    TEST_OPENIMIS_PASSWORD: openImis.password,
    TEST_DCI_SECRET: 's3cret',
    TRIBUTARY_ID_HASH_KEY: 'the-cli-test-id-hash-key-0123456789abcdef',
  });
}, 60_000);

afterAll(async () => {
  await Promise.all([openImis?.close(), social?.close(), broken?.close()]);
});

describe('tributary import registry <configured API>', () => {
  it('pulls openIMIS whole, then only what changed since, and remembers where it got to', async () => {
    const db = path.join(dir, 'openimis-db');
    const first = await tributary(['import', 'registry', 'mw-openimis'], db);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/changes since the beginning; next pull from \d{4}-\d{2}-\d{2}T/);
    const [held] = await query<{ households: number; people: number; payments: number }>(
      db,
      `select (select count(*)::int from reg_household where source = 'mw-openimis') as households,
        (select count(*)::int from reg_individual) as people, (select count(*)::int from reg_payment) as payments`,
    );
    expect(held).toEqual({ households: batch.households.length, people: batch.individuals.length, payments: batch.payments.length });

    const person = batch.individuals[3]!;
    openImis.records.updateIndividual(person.key, { lastName: 'Renamed' });
    openImis.requests.length = 0;
    const second = await tributary(['import', 'registry', 'mw-openimis', '--json'], db);
    expect(second.code, second.stderr).toBe(0);
    const [run] = JSON.parse(second.stdout) as { status: string; counts: { seen: number } }[];
    expect(run?.status).toBe('succeeded');
    expect(run!.counts.seen).toBeLessThan(10);
    expect(openImis.requests.some((r) => r.query.includes('dateUpdated_Gte: $since') && typeof r.variables.since === 'string')).toBe(true);
    const renamed = await query<{ n: number }>(db, `select count(*)::int as n from reg_individual where family_name = 'Renamed'`);
    expect(renamed[0]?.n).toBe(1);
    const [state] = await query<{ watermark: string }>(db, `select watermark from reg_source_sync where source = 'mw-openimis'`);
    expect(state?.watermark).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  }, 180_000);

  it('pulls a DCI social registry over signed sync search', async () => {
    const db = path.join(dir, 'dci-db');
    const result = await tributary(['import', 'registry', 'sr-social'], db);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const [held] = await query<{ n: number }>(db, `select count(*)::int as n from reg_household where source = 'sr-social'`);
    expect(held?.n).toBe(30);
    expect(social.requests.filter((r) => r.path === '/registry/sync/search').length).toBeGreaterThan(1);
  }, 180_000);

  it('refuses a pull with a bad record, naming it and its field, and stores nothing', async () => {
    const db = path.join(dir, 'broken-db');
    const result = await tributary(['import', 'registry', 'sr-examples'], db);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/REJECTED BAD_USER_INPUT/);
    expect(result.stdout).toMatch(/reg_records\[0\]\.place/);
    const [held] = await query<{ households: number; syncs: number }>(
      db,
      `select (select count(*)::int from reg_household) as households, (select count(*)::int from reg_source_sync) as syncs`,
    );
    expect(held).toEqual({ households: 0, syncs: 0 });
  }, 180_000);

  it('names the configured sources when asked for one that is not there', async () => {
    const result = await tributary(['import', 'registry', 'nowhere'], path.join(dir, 'none-db'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /nowhere is neither a folder nor a registry source in .*registries\.json \(sources: mw-openimis, sr-social, sr-examples\)/,
    );
  }, 180_000);
});
