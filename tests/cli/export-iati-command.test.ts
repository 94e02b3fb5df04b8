import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tributary } from '../support/cli.js';
import { iatiSchemaErrors } from '../support/iati-schema.js';
import { sample } from '../support/sample-data.js';

const PUBLISHER = { TRIBUTARY_IATI_ORG_REF: 'TZ-MOFP-1', TRIBUTARY_IATI_ORG_NAME: 'Ministry of Finance and Planning' };

describe('tributary export iati (the built command)', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tributary-export-iati-'));
    db = path.join(dir, 'db');
    const imported = await tributary(['import', 'iati', sample('iati', 'activities', 'v1', 'dfid-TZ.xml')], db);
    expect(imported.stderr).not.toMatch(/REJECTED/);
    expect(imported.code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes Tanzania's activities with a summary, valid IATI 2.03, and leaves no partial file", async () => {
    const file = path.join(dir, 'tz.xml');
    const result = await tributary(['export', 'iati', '--country', 'tz', '-o', file], db, PUBLISHER);
    expect(result.stderr).not.toMatch(/tributary export iati:/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /tz\.xml: (\d+) activities in TZ \(\1 with TZ's functional codes as country-budget-items\), \d+ transactions, IATI 2\.03/,
    );
    expect(result.stdout).toMatch(/activities published without a description: their title is written as one/);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain(
      '<reporting-org ref="TZ-MOFP-1" type="10" secondary-reporter="1"><narrative>Ministry of Finance and Planning</narrative>',
    );
    expect(await iatiSchemaErrors(xml)).toEqual([]);
    expect(readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it.each([
    [['--country', 'XX'], PUBLISHER, /tributary export iati: XX is not a country code of the IATI Country codelist/],
    [['--country', 'KE'], PUBLISHER, /tributary export iati: KE has no chart of accounts in the hub/],
    [
      ['--country', 'TZ'],
      {},
      /tributary export iati: the hub has no IATI identity: set TRIBUTARY_IATI_ORG_REF and TRIBUTARY_IATI_ORG_NAME/,
    ],
  ])('%j: exit 2 with a clear message and no file', async (args, env, message) => {
    const file = path.join(dir, `refused-${args[1] ?? ''}.xml`);
    const result = await tributary(['export', 'iati', ...args, '-o', file], db, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('says so when the file cannot be written, before touching the database', async () => {
    const file = path.join(dir, 'missing', 'x.xml');
    const result = await tributary(['export', 'iati', '--country', 'TZ', '-o', file], db, PUBLISHER);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot write ${file}: the folder ${path.dirname(file)} does not exist`);
    expect(result.stderr).not.toMatch(/^database:/m);
  });

  it('refuses a misconfigured publisher at start, naming the variable', async () => {
    const result = await tributary(['export', 'iati', '--country', 'TZ', '-o', path.join(dir, 'x.xml')], db, {
      ...PUBLISHER,
      TRIBUTARY_IATI_ORG_TYPE: 'government',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/TRIBUTARY_IATI_ORG_TYPE=government is not an IATI OrganisationType code/);
  });
});
