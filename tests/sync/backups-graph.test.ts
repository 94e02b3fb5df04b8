import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/viewer.js';
import { projectRoot } from '../../src/paths.js';
import { backupTo } from '../../src/sync/backups.js';
import { testHub, type TestHub } from '../support/hub.js';

/** The last good backup in the sync subgraph: for system administrators only, failures listed but never "last good". */
let hub: TestHub;
let dir: string;

const QUERY = '{ lastBackup { kind status file bytes sha256 tables rows startedAt finishedAt error } backups { kind status file error } }';

async function as(roles: Role[]) {
  const headers: Record<string, string> = roles.length ? { authorization: `Bearer ${await hub.token('someone', ...roles)}` } : {};
  return hub.raw(QUERY, {}, headers);
}

beforeAll(async () => {
  hub = await testHub([]);
  dir = await mkdtemp(path.join(tmpdir(), 'tributary-backup-graph-'));
});
afterAll(() => hub?.close());

describe('backups in the graph', () => {
  it('says no backup was made yet', async () => {
    expect((await as(['system-admin'])).data).toEqual({ lastBackup: null, backups: [] });
  });

  it('reports the last good backup to a system administrator, and lists a failed one with its reason', async () => {
    const good = await backupTo(hub.db.orm, path.join(dir, 'good.backup.gz'));
    await expect(backupTo(hub.db.orm, path.join(dir, 'absent', 'bad.backup.gz'))).rejects.toThrow(/does not exist/);
    const { data, errors } = await as(['system-admin']);
    expect(errors).toBeUndefined();
    const answer = data as { lastBackup: Record<string, unknown>; backups: Record<string, unknown>[] };
    expect(answer.lastBackup).toMatchObject({
      kind: 'backup',
      status: 'succeeded',
      file: good.file,
      bytes: good.bytes,
      sha256: good.sha256,
      error: null,
    });
    expect(answer.lastBackup.rows).toBe(good.rows);
    expect(Date.parse(String(answer.lastBackup.finishedAt))).toBeGreaterThanOrEqual(Date.parse(String(answer.lastBackup.startedAt)));
    expect(answer.backups).toEqual([
      { kind: 'backup', status: 'failed', file: path.join(dir, 'absent', 'bad.backup.gz'), error: expect.stringMatching(/does not exist/) },
      { kind: 'backup', status: 'succeeded', file: good.file, error: null },
    ]);
  });

  it("answers the README's backup query to a system administrator with the backups made", async () => {
    const readme = await readFile(path.join(projectRoot, 'README.md'), 'utf8');
    const [, query] = /```graphql\n(# As a system administrator: the last good backup[\s\S]*?)```/.exec(readme) ?? [];
    expect(query).toBeDefined();
    const result = await hub.raw(query ?? '', {}, { authorization: `Bearer ${await hub.token('someone', 'system-admin')}` });
    expect(result.errors).toBeUndefined();
    const answer = result.data as { lastBackup: { file: string; rows: number }; backups: { status: string }[] };
    expect(answer.lastBackup.file).toMatch(/good\.backup\.gz$/);
    expect(answer.lastBackup.rows).toBeGreaterThan(0);
    expect(answer.backups.map((b) => b.status)).toEqual(['failed', 'succeeded']);
  });

  it.each([[[]], [['analyst']], [['registry-officer', 'mapping-admin', 'budget-officer']]] as Role[][][])(
    'refuses backups to %j, and says nothing of them',
    async (roles) => {
      const result = await as(roles);
      // The sync domain is public in the test hub, so an anonymous caller reaches the field's own refusal too.
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(result.data).toBeNull();
      expect(JSON.stringify(result)).not.toMatch(/backup\.gz|sha256":"[0-9a-f]/);
    },
  );
});
