import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRejection, importIatiFile } from '../../../connectors/iati/import.js';
import { loadConfig } from '../../../src/config.js';
import { tableCounts, testDatabase, type TestDatabase } from '../../support/db.js';
import { importRunCount, importRunRow, quarantineRows } from '../../support/import-log.js';
import { sample, sampleFiles } from '../../support/sample-data.js';

/**
 * Every file in ../shared/data/iati/broken, with what must become of it: a file that is not
 * IATI XML is rejected as a whole with the parser's line, leaving the data as it was; a
 * well-formed file with an invalid activity loads, with that activity quarantined.
 */
const limits = loadConfig().importLimits;

type Expected =
  | { readonly outcome: 'rejected'; readonly code: 'INVALID_XML' | 'NOT_IATI'; readonly message: RegExp; readonly line: number }
  | {
      readonly outcome: 'quarantined';
      readonly code: string;
      readonly field: RegExp;
      readonly reason: RegExp;
      readonly line: number;
      readonly recordId: string | null;
    };

const expected: Readonly<Record<string, Expected>> = {
  // Cut off after the root's opening tag: the parser reaches the end with the root still open.
  'broken.xml': { outcome: 'rejected', code: 'INVALID_XML', message: /unclosed tag: iati-activities/, line: 4 },
  'broken_activity_01.xml': {
    outcome: 'rejected',
    code: 'NOT_IATI',
    message: /root element is <iati-activity>, expected <iati-activities>/,
    line: 2,
  },
  // `<reporting-org>` closed by `</not-reporting-org>` on line 7.
  'iati-with-xml-errors.xml': { outcome: 'rejected', code: 'INVALID_XML', message: /not well-formed XML: unexpected close tag/, line: 7 },
  'iati-with-xml-and-schema-errors.xml': {
    outcome: 'rejected',
    code: 'INVALID_XML',
    message: /not well-formed XML: unexpected close tag/,
    line: 7,
  },
  'iati-broken-ns.xml': { outcome: 'rejected', code: 'INVALID_XML', message: /unbound namespace prefix: "undef-namespace"/, line: 2 },
  // Well-formed, but `<iati-identifier></iati-identifier>` on line 4 is empty.
  'iati-with-schema-errors.xml': {
    outcome: 'quarantined',
    code: 'MISSING_FIELD',
    field: /^iati-identifier$/,
    reason: /iati-identifier: activity has no iati-identifier/,
    line: 4,
    recordId: null,
  },
  // A real UNDP activity padded with <condition> elements; the one on line 70076 has no type.
  'error_at_70076_in_early_activity.xml': {
    outcome: 'quarantined',
    code: 'MISSING_FIELD',
    field: /^conditions\/condition\[\d+\]\/@type$/,
    reason: /conditions\/condition\[\d+\]\/@type: condition has no type/,
    line: 70076,
    recordId: 'XM-DAC-41114-PROJECT-00042420',
  },
};

describe('the broken files in ../shared/data/iati/broken', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await testDatabase();
    // Data already there, so "unchanged" is about more than empty tables.
    const seed = await importIatiFile(db.orm, sample('iati', 'activities', 'v2', 'unops-at-activity.xml'), { limits, workers: 0 });
    expect(seed.status).toBe('succeeded');
  });
  afterAll(async () => db?.close());

  it('every file in the folder has an expected outcome', () => {
    expect(sampleFiles('iati', 'broken').map((f) => path.basename(f))).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected).map(([name, want]) => [name, want.outcome, want] as const))(
    '%s is %s, named with its file, line and reason; the data is otherwise unchanged',
    async (name, _outcome, want) => {
      const file = sample('iati', 'broken', name);
      const before = await tableCounts(db.orm, ['import_run', 'import_quarantine']);
      const quarantinedBefore = (await tableCounts(db.orm)).import_quarantine ?? 0;
      const runsBefore = await importRunCount(db.orm);

      const result = await importIatiFile(db.orm, file, { limits, workers: 0 });

      expect(await importRunCount(db.orm)).toBe(runsBefore + 1);
      expect(await tableCounts(db.orm, ['import_run', 'import_quarantine'])).toEqual(before);
      const run = await importRunRow(db.orm, result.runId);
      if (want.outcome === 'rejected') {
        expect(result.status).toBe('rejected');
        expect(result.error?.code).toBe(want.code);
        expect(result.error?.message).toMatch(want.message);
        expect(result.error?.where).toMatchObject({ file, line: want.line });
        expect(result.error ? describeRejection(result.error) : '').toContain(`${file}, line ${want.line}`);
        expect(run).toMatchObject({ input: file, status: 'rejected', error_code: want.code, error_line: want.line, seen: 0, loaded: 0 });
        expect((await tableCounts(db.orm)).import_quarantine).toBe(quarantinedBefore);
      } else {
        expect(result.error).toBeUndefined();
        expect(result.status).toBe('succeeded');
        expect(result.counts).toMatchObject({ seen: 1, loaded: 0, quarantined: 1 });
        expect(run).toMatchObject({ input: file, status: 'succeeded', seen: 1, loaded: 0, quarantined: 1, error_code: null });
        const [row, ...more] = await quarantineRows(db.orm, result.runId);
        expect(more).toEqual([]);
        expect(row).toMatchObject({ input: file, code: want.code, line: want.line, record_id: want.recordId });
        expect(row?.field).toMatch(want.field);
        expect(row?.reason).toMatch(want.reason);
      }
    },
  );
});
