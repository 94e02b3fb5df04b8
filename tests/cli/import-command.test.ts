import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDemoIati } from '../../src/cli/demo/generate-iati.js';
import { openCliDatabase, server, tributary } from '../support/cli.js';
import { sample } from '../support/sample-data.js';

describe('tributary import iati (the built command)', { timeout: 180_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tributary-cli-'));
  });

  it('imports a folder, prints a summary per file and in total, and exits 0', async () => {
    const result = await tributary(
      ['import', 'iati', path.dirname(sample('iati', 'activities', 'v1', 'worldbank.xml'))],
      path.join(dir, 'db-folder'),
    );
    expect(result.stderr).toContain(server.kind === 'postgresql' ? 'database: PostgreSQL' : 'embedded PostgreSQL');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /worldbank\.xml: 16 loaded, 0 updated, 0 unchanged, 0 stale, 0 quarantined of 16 activities in [\d.]+ s \(run \d+\)/,
    );
    expect(result.stdout).toMatch(/9 files: 1144 activities loaded, 0 quarantined, 0 files rejected/);
  });

  it('counts a re-import of the same file as unchanged', async () => {
    const db = path.join(dir, 'db-again');
    const file = sample('iati', 'activities', 'v2', 'fcdo-activity.xml');
    await tributary(['import', 'iati', file], db);
    const again = await tributary(['import', 'iati', file, '--json'], db);
    expect(again.code).toBe(0);
    const [summary] = JSON.parse(again.stdout) as { status: string; counts: { loaded: number; unchanged: number } }[];
    expect(summary).toMatchObject({ status: 'succeeded', counts: { loaded: 0, unchanged: 1 } });
  });

  it('exits 1 when a file is rejected, names the line and column, and still imports the good files', async () => {
    const bad = path.join(dir, 'cut-off.xml');
    await writeFile(bad, '<?xml version="1.0"?>\n<iati-activities version="2.03">\n  <iati-activity>\n');
    const result = await tributary(
      ['import', 'iati', bad, sample('iati', 'activities', 'v2', 'sr-activity.xml')],
      path.join(dir, 'db-bad'),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /cut-off\.xml: REJECTED INVALID_XML: .*cut-off\.xml, line 4, column \d+: not well-formed XML: unclosed tag/,
    );
    expect(result.stdout).toMatch(/sr-activity\.xml: 1 loaded/);
  });

  it('says plainly when there is nothing to import', async () => {
    const result = await tributary(['import', 'iati', path.join(dir, 'does-not-exist')], path.join(dir, 'db-none'));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('no such file or folder');
  });
});

describe('tributary authority (the built command)', () => {
  it('pins which publisher’s report an activity shows, refuses a publisher without a report, and clears the pin', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tributary-authority-'));
    const files = await writeDemoIati(path.join(dir, 'demo'));
    const db = path.join(dir, 'db');
    expect((await tributary(['import', 'iati', ...files], db)).code).toBe(0);
    const shown = async (): Promise<{ rule: string; org: string }> => {
      const orm = await openCliDatabase(db);
      const [row] = await orm.em
        .fork()
        .execute<{ rule: string; org: string }[]>(
          `select a.authority_rule as rule, r.reporting_org_key as org from aid_activity a join aid_activity_report r on r.id = a.authoritative_report_id where a.iati_identifier = 'GB-GOV-1-300412'`,
        );
      await orm.close(true);
      return row ?? { rule: '', org: '' };
    };
    expect(await shown()).toEqual({ rule: 'funding-org', org: 'GB-GOV-1' });

    const pinned = await tributary(
      ['authority', 'set', 'GB-GOV-1-300412', 'XM-DAC-41114', '--reason', 'the agency reports disbursements monthly'],
      db,
    );
    expect(pinned.code).toBe(0);
    expect(pinned.stdout).toContain('the report by XM-DAC-41114 is now authoritative');
    expect(await shown()).toEqual({ rule: 'override', org: 'XM-DAC-41114' });

    const refused = await tributary(['authority', 'set', 'GB-GOV-1-300412', '44000', '--reason', 'no'], db);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('has no report by 44000');

    expect((await tributary(['authority', 'clear', 'GB-GOV-1-300412'], db)).code).toBe(0);
    expect(await shown()).toEqual({ rule: 'funding-org', org: 'GB-GOV-1' });
  }, 180_000);
});
