import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicJwk } from '../../connectors/registry/dci/signature.js';
import { openCliDatabase, startTributary } from '../support/cli.js';
import { startDciDouble, syntheticGroups, type DciDouble } from '../support/dci-double/index.js';

/** `tributary registry listen <name>`: a DCI subscription whose notifications are merged as they arrive. */
const hubKey = generateKeyPairSync('ed25519').privateKey;
let dir: string;
let social: DciDouble;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tributary-listen-'));
  social = await startDciDouble({ registry: 'social', clientKeys: { keys: [publicJwk(hubKey, 'hub-1')] }, records: [] });
  const keyFile = path.join(dir, 'hub-signing-key.pem');
  await writeFile(keyFile, hubKey.export({ format: 'pem', type: 'pkcs8' }) as string, { mode: 0o600 });
  const source = {
    kind: 'dci',
    registry: 'social',
    baseUrl: social.url,
    mode: 'async',
    senderId: 'tributary',
    receiverId: social.registryId,
    signingKeyFile: keyFile,
    keyId: 'hub-1',
    registryJwksUrl: social.jwksUrl,
    tokenUrl: social.tokenUrl,
    clientId: 'tributary',
    clientSecretEnv: 'TEST_DCI_SECRET',
    country: 'MW',
    callback: { host: '127.0.0.1' },
  };
  const file = path.join(dir, 'registries.json');
  await writeFile(file, JSON.stringify({ 'sr-social': source }));
  Object.assign(process.env, {
    TRIBUTARY_REGISTRIES: file,
    TEST_DCI_SECRET: 's3cret',
    TRIBUTARY_ID_HASH_KEY: 'the-cli-test-id-hash-key-0123456789abcdef',
  });
}, 60_000);

afterAll(() => social?.close());

describe('tributary registry listen', () => {
  it('subscribes, merges each notification, refuses a bad one to the registry, and unsubscribes on Ctrl-C', async () => {
    const db = path.join(dir, 'db');
    const listener = startTributary(['registry', 'listen', 'sr-social'], db);
    try {
      const [, code] = await listener.waitFor(/subscribed to sr-social \(subscription ([^)]+)\)/);
      expect(social.subscriptions.map((s) => [s.code, s.active])).toEqual([[code, true]]);

      const answer = await social.notify(code!, syntheticGroups(3));
      expect(answer.status).toBe(200);
      await listener.waitFor(/dci sr-social notification \S+: \d+ loaded/);

      const bad = syntheticGroups(4).slice(3) as {
        member_list: { household_member: { demographic_info: { person: { birth_date: string } } } }[];
      }[];
      bad[0]!.member_list[0]!.household_member.demographic_info.person.birth_date = '2999-01-01T00:00:00Z';
      const refused = await social.notify(code!, bad as never);
      expect(refused.status).toBeGreaterThanOrEqual(400);
      await listener.waitFor(/REJECTED BAD_USER_INPUT/);
    } finally {
      const stopped = await listener.stop();
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(stopped.stderr).toMatch(/unsubscribed from sr-social/);
    }
    expect(social.subscriptions[0]?.active).toBe(false);
    const orm = await openCliDatabase(db);
    try {
      const [held] = await orm.em
        .fork()
        .execute<{ households: number; syncs: number }[]>(
          `select (select count(*)::int from reg_household where source = 'sr-social') as households, (select count(*)::int from reg_source_sync) as syncs`,
        );
      expect(held).toEqual({ households: 3, syncs: 0 });
    } finally {
      await orm.close(true);
    }
  }, 120_000);
});
