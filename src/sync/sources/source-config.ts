import { readFile } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import { validateDetailed } from 'node-cron';
import { z } from 'zod';
import { TributaryError } from '../../errors.js';
import { httpUrl, secretHeaders, text, whole } from './config-fields.js';
import { NotifySpec } from '../notify/notify-config.js';

/**
 * The sources file (TRIBUTARY_SOURCES, JSON or YAML): every source the hub syncs by itself, its
 * kind, where it is, its options and its schedule; and the scheduled backup. Secrets are never in it: a header's value or a
 * registry's password is named by the environment variable that holds it.
 */
const timeZone = text.refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'is not a time zone (e.g. Africa/Blantyre, UTC)' },
);

const cron = text.superRefine((expression, ctx) => {
  const checked = validateDetailed(expression);
  if (!checked.valid)
    ctx.addIssue({
      code: 'custom',
      message: `is not a cron expression (${checked.errors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'expected 5 or 6 fields'})`,
    });
});

const schedule = z.strictObject({ cron, timezone: timeZone.default('UTC') });

const http = z.strictObject({
  timeoutMs: whole(100, 3_600_000).default(120_000),
  maxBytes: whole(1, 2 ** 40).default(1024 ** 3),
  maxRedirects: whole(0, 10).default(5),
  headersEnv: secretHeaders,
});

const retry = z.strictObject({
  attempts: whole(1, 20).default(4),
  baseDelayMs: whole(0, 3_600_000).default(30_000),
  maxDelayMs: whole(0, 86_400_000).default(900_000),
});

const common = { schedule: schedule.optional(), retry: retry.default({ attempts: 4, baseDelayMs: 30_000, maxDelayMs: 900_000 }) };
const httpDefaults = { timeoutMs: 120_000, maxBytes: 1024 ** 3, maxRedirects: 5, headersEnv: {} };

export const SourceSpec = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('iati-url'), urls: z.array(httpUrl).min(1), http: http.default(httpDefaults), ...common }),
    z.strictObject({
      kind: z.literal('iati-dataset-list'),
      url: httpUrl,
      /** At most this many activity files from the list (the rest are reported, not fetched). */
      maxFiles: whole(1, 100_000).default(1000),
      http: http.default(httpDefaults),
      ...common,
    }),
    z.strictObject({ kind: z.literal('iati-folder'), folder: text, ...common }),
    z.strictObject({ kind: z.literal('ifmis-folder'), folder: text, map: text, fy: text.optional(), ...common }),
    z.strictObject({ kind: z.literal('debt-folder'), folder: text, map: text.optional(), ...common }),
    z.strictObject({ kind: z.literal('rates-url'), url: httpUrl, map: text.optional(), http: http.default(httpDefaults), ...common }),
    z.strictObject({ kind: z.literal('rates-folder'), folder: text, map: text.optional(), ...common }),
    z.strictObject({ kind: z.literal('registry'), registry: text, full: z.boolean().default(false), ...common }),
  ],
  { error: 'must be one of iati-url, iati-dataset-list, iati-folder, ifmis-folder, debt-folder, rates-url, rates-folder, registry' },
);
export type SourceSpec = z.infer<typeof SourceSpec>;
export type SourceKind = SourceSpec['kind'];
export type HttpOptions = z.infer<typeof http>;
export type RetryOptions = z.infer<typeof retry>;

const SourceName = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a source name is 1–64 lower-case letters, digits, ".", "_" or "-"');

/** The scheduled backup: a timestamped backup in `folder` on its schedule, the newest `keep` kept. */
const BackupSpec = z.strictObject({ schedule, folder: text, keep: whole(1, 10_000).default(7) });
export type BackupJob = z.infer<typeof BackupSpec>;

const SourcesFile = z.strictObject({
  sources: z.record(SourceName, SourceSpec).default({}),
  notify: NotifySpec.optional(),
  backup: BackupSpec.optional(),
});

export type ConfiguredSource = SourceSpec & { readonly name: string };

/** What the sources file configures: its sources by name, who is told when one turns failing or recovers, and the scheduled backup (null: none). */
export interface SourcesFile {
  readonly sources: Map<string, ConfiguredSource>;
  readonly notify: NotifySpec | null;
  readonly backup: BackupJob | null;
}

function parseText(file: string, content: string): unknown {
  try {
    return /\.ya?ml$/i.test(file) ? yaml.load(content, { schema: yaml.CORE_SCHEMA, filename: file }) : JSON.parse(content);
  } catch (error) {
    throw new TributaryError('BAD_USER_INPUT', `${file}: not ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(error as Error).message}`, {
      file,
    });
  }
}

/** Every problem of the file, each with its path (`sources.donor-x.schedule.cron: …`), in one error. */
export function checkSourcesFile(file: string, parsed: unknown): SourcesFile {
  const checked = SourcesFile.safeParse(parsed);
  if (!checked.success) {
    const problems = checked.error.issues.map((issue) => {
      // A bad source name's own message is inside the record's "invalid key" issue.
      const why = issue.code === 'invalid_key' ? issue.issues.map((inner) => inner.message).join('; ') : issue.message;
      return `${issue.path.map(String).join('.') || '(the file)'}: ${why}`;
    });
    throw new TributaryError('BAD_USER_INPUT', `${file}: ${problems.length} problem(s): ${problems.join('; ')}`, {
      file,
      field: checked.error.issues[0]?.path.map(String).join('.') ?? '',
    });
  }
  // A folder is relative to the sources file, as a person writing it expects.
  const folderBase = path.dirname(file);
  const sources = new Map<string, ConfiguredSource>();
  for (const [name, spec] of Object.entries(checked.data.sources)) {
    const resolved = 'folder' in spec ? { ...spec, folder: path.resolve(folderBase, spec.folder) } : spec;
    sources.set(name, { ...resolved, name });
  }
  const backup = checked.data.backup ? { ...checked.data.backup, folder: path.resolve(folderBase, checked.data.backup.folder) } : null;
  return { sources, notify: checked.data.notify ?? null, backup };
}

/** The sources alone (see checkSourcesFile). */
export function checkSources(file: string, parsed: unknown): Map<string, ConfiguredSource> {
  return checkSourcesFile(file, parsed).sources;
}

export async function loadSourcesFile(file: string): Promise<SourcesFile> {
  const content = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new TributaryError(
      'FILE_NOT_FOUND',
      `cannot read the sources file ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
      {
        file,
      },
    );
  });
  return checkSourcesFile(file, parseText(file, content));
}

export async function loadSources(file: string): Promise<Map<string, ConfiguredSource>> {
  return (await loadSourcesFile(file)).sources;
}
