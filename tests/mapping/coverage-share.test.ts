import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIatiFile } from '../../connectors/iati/import.js';
import { loadConfig } from '../../src/config.js';
import { activitiesToApply, applyToActivities } from '../../src/mapping/apply/run.js';
import { coverageTotals } from '../../src/mapping/coverage.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

/**
 * The mapped share when money flows back: a basic-health activity (DAC 12220, which the default
 * table places in COFOG 07.4.0) whose only disbursement is a refund of 100, and an activity with a
 * DAC 3-digit category no rule places, disbursing 50 and reversing it. Net, 100 is refunded and
 * all of it "mapped"; of the 200 that moved, half is placed.
 */
function activity(identifier: string, sector: string, values: readonly string[]): string {
  const transactions = values
    .map(
      (value, i) =>
        `<transaction><transaction-type code="3"/><transaction-date iso-date="2023-0${i + 3}-01"/><value currency="EUR" value-date="2023-0${i + 3}-01">${value}</value></transaction>`,
    )
    .join('');
  return `<iati-activity last-updated-datetime="2024-01-01T00:00:00" default-currency="EUR">
    <iati-identifier>${identifier}</iati-identifier>
    <reporting-org ref="XM-REFUNDS" type="10"><narrative>Refunding donor</narrative></reporting-org>
    <title><narrative>${identifier}</narrative></title>
    <activity-status code="2"/>
    <activity-date iso-date="2023-01-01" type="2"/>
    <recipient-country code="MW" percentage="100"/>
    ${sector}
    ${transactions}
  </iati-activity>`;
}

let db: TestDatabase;
let dir: string;
const COFOG = { scheme: 'cofog', country: null };

beforeAll(async () => {
  db = await testDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'tributary-coverage-share-'));
  const file = path.join(dir, 'refunds.xml');
  await writeFile(
    file,
    `<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" generated-datetime="2024-01-01T00:00:00">
    ${activity('XM-REFUNDS-HEALTH', '<sector code="12220" vocabulary="1" percentage="100"/>', ['-100'])}
    ${activity('XM-REFUNDS-OTHER', '<sector code="430" vocabulary="2" percentage="100"/>', ['50', '-50'])}
    </iati-activities>\n`,
  );
  const result = await importIatiFile(db.orm, file, { limits: loadConfig().importLimits, workers: 0 });
  expect(result.status, result.error?.message).toBe('succeeded');
  await db.orm.em.fork().transactional(async (em) => applyToActivities(em, await activitiesToApply(em, 'all')));
}, 180_000);

afterAll(async () => {
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the mapped share of money that flows back', () => {
  it('counts each amount by its size: half of what moved is placed, not "100 %" of a negative net total', async () => {
    const totals = await coverageTotals(db.orm.em.fork(), { target: COFOG, donor: 'XM-REFUNDS' });
    expect(totals).toEqual([
      { currency: 'EUR', total: '-100.00', mapped: '-100.00', unmapped: '0.00', mappedShare: '50.00', transactions: 3 },
    ]);
  });
});
