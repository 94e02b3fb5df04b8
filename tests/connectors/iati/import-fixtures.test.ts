import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIatiFile } from '../../../connectors/iati/import.js';
import { loadConfig } from '../../../src/config.js';
import { testDatabase, type TestDatabase } from '../../support/db.js';
import { sampleFiles } from '../../support/sample-data.js';
import { activityBlocks } from '../../support/xml-count.js';

const limits = loadConfig().importLimits;
const files = [...sampleFiles('iati', 'activities', 'v1'), ...sampleFiles('iati', 'activities', 'v2')];

describe('importing every real IATI fixture (1.0x and 2.0x)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(async () => db.close());

  it.each(files.map((f) => [path.basename(path.dirname(f)) + '/' + path.basename(f), f]))(
    '%s loads; activities, transactions, budgets and sectors match an independent count of the XML',
    async (_name, file) => {
      const result = await importIatiFile(db.orm, file, { limits, workers: 0 });
      expect(result.error?.message).toBeUndefined();
      expect(result.status).toBe('succeeded');

      const em = db.orm.em.fork();
      const quarantined = await em.execute<{ line: number }[]>(`select line from import_quarantine where import_run_id = ?`, [
        result.runId,
      ]);
      const blocks = activityBlocks(file);
      const loaded = blocks.filter((b) => !quarantined.some((q) => q.line >= b.startLine && q.line <= b.endLine));
      expect(result.counts.seen).toBe(blocks.length);
      expect(result.counts.loaded + result.counts.quarantined).toBe(blocks.length);
      expect(result.counts.loaded).toBe(loaded.length);

      const [stored] = await em.execute<{ activities: number; transactions: number; budgets: number; sectors: number }[]>(
        `select count(distinct r.id)::int as activities,
           (select count(*)::int from aid_transaction t join aid_activity_report x on x.id = t.report_id where x.import_run_id = ?) as transactions,
           (select count(*)::int from aid_budget b join aid_activity_report x on x.id = b.report_id where x.import_run_id = ?) as budgets,
           (select count(*)::int from aid_sector s join aid_activity_report x on x.id = s.report_id where x.import_run_id = ?) as sectors
         from aid_activity_report r where r.import_run_id = ?`,
        [result.runId, result.runId, result.runId, result.runId],
      );
      const sum = (key: 'transactions' | 'budgets' | 'sectors') => loaded.reduce((total, b) => total + b[key], 0);
      expect(stored).toEqual({
        activities: loaded.length,
        transactions: sum('transactions'),
        budgets: sum('budgets'),
        sectors: sum('sectors'),
      });
    },
  );
});
