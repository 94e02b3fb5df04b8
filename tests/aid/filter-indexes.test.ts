import { CompiledQuery, sql, type SqlBool } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIatiFile } from '../../connectors/iati/import.js';
import { activityConditions, type ActivityFilter } from '../../src/aid/activity-query.js';
import { aidDb } from '../../src/aid/db.js';
import { activitiesFrom } from '../../src/aid/report-row.js';
import { loadConfig } from '../../src/config.js';
import { and } from '../../src/graphql/keyset.js';
import { isEmbedded } from '../../src/db/orm.js';
import { sample } from '../support/sample-data.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

const FILES = [
  sample('iati', 'activities', 'v2', 'dportal-covid-401.xml'),
  sample('iati', 'activities', 'v2', 'usaid-activity.xml'),
  sample('iati', 'activities', 'v2', 'fcdo-activity.xml'),
];

/** Each documented filter, with the index it must be able to use (seen in EXPLAIN with sequential scans off). */
const FILTERS: readonly [string, ActivityFilter, readonly string[]][] = [
  ['recipientCountry', { recipientCountry: ['KE'] }, ['aid_recipient_country_code_index', 'aid_transaction_recipient_country_index']],
  ['recipientRegion', { recipientRegion: ['289'] }, ['aid_recipient_region_code_index', 'aid_transaction_recipient_region_index']],
  ['reportingOrg', { reportingOrg: ['GB-GOV-1'] }, ['aid_activity_report_reporting_org_key_index']],
  ['participatingOrg', { participatingOrg: ['GB-GOV-1'] }, ['aid_participating_org_org_key_index']],
  ['sector', { sector: ['12264'], sectorVocabulary: '1' }, ['aid_sector_vocabulary_code_index']],
  ['status', { status: ['2'] }, ['aid_activity_report_status_index']],
  ['activeFrom', { activeFrom: '2021-01-01' }, ['aid_activity_report_active_from_index']],
  ['activeTo', { activeTo: '2020-01-01' }, ['aid_activity_report_active_to_index']],
];

describe('activity filters have indexes, and imports leave statistics behind', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await testDatabase();
    for (const file of FILES) {
      const result = await importIatiFile(db.orm, file, { limits: loadConfig().importLimits, workers: 0 });
      expect(result.status).toBe('succeeded');
    }
  });
  afterAll(async () => db?.close());

  /** The plan with sequential scans off (and, for `bitmapOnly`, plain index scans too: GIN indexes have only bitmap scans). */
  async function plan(filter: ActivityFilter, bitmapOnly = false): Promise<string> {
    return db.orm.em.fork().transactional(async (em) => {
      const q = aidDb(em);
      await sql`set local enable_seqscan = off`.execute(q);
      if (bitmapOnly) await sql`set local enable_indexscan = off`.execute(q);
      const query = activitiesFrom(q)
        .select('a.id')
        .where(sql<SqlBool>`${and(activityConditions(filter))}`)
        .compile();
      const { rows } = await q.executeQuery<Record<string, unknown>>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
      return rows.map((row) => Object.values(row).join('')).join('\n');
    });
  }

  it.each(FILTERS)('%s reads through its index', async (_name, filter, indexes) => {
    const text = await plan(filter);
    for (const index of indexes) expect(text).toContain(index);
  });

  it('titleContains reads through a trigram index on PostgreSQL; the embedded database has none and scans', async () => {
    const text = await plan({ titleContains: 'covid' }, true);
    if (isEmbedded(db.orm)) expect(text).not.toContain('aid_activity_report_title_search_index');
    else expect(text).toContain('aid_activity_report_title_search_index');
  });

  it('an IATI import ANALYZEs what it wrote: the planner knows every table’s row count', async () => {
    const em = db.orm.em.fork();
    for (const table of ['aid_activity', 'aid_activity_report', 'aid_transaction', 'aid_sector', 'aid_recipient_country']) {
      const [row] = await em.execute<{ planned: number; counted: number }[]>(
        `select (select reltuples from pg_class where oid = '${table}'::regclass)::int as planned, (select count(*) from ${table})::int as counted`,
      );
      expect(row?.counted).toBeGreaterThan(0);
      expect({ table, rows: row?.planned }).toEqual({ table, rows: row?.counted });
    }
  });
});
