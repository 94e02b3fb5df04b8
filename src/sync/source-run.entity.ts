import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { SOURCE_RUN_STATES } from './run-states.js';

/**
 * One run of a configured source (TRIBUTARY_SOURCES): queued when the schedule or a person starts
 * it, `running` while its process holds the source's advisory lock (source-lock.ts), `retrying`
 * while it waits out a transient failure, then ended like an import run. Each input it imports is
 * an import run linked to it (import_run.source_run_id).
 */
export const SourceRun = defineEntity({
  name: 'SourceRun',
  tableName: 'source_run',
  uniques: [{ properties: ['source', 'slot'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    /** The source's name in the sources file. */
    source: p.text().index(),
    kind: p.text(),
    /** `schedule` or `manual` (the command line, the graph). */
    trigger: p.text(),
    requestedBy: p.text().nullable(),
    /** The schedule's tick this run is for: two schedulers firing for one tick make one run. */
    slot: p.text().nullable(),
    status: p.enum(SOURCE_RUN_STATES),
    attempt: p.integer().default(0),
    queuedAt: p.datetime().$type<string>().defaultRaw('now()'),
    startedAt: p.datetime().$type<string>().nullable(),
    finishedAt: p.datetime().$type<string>().nullable(),
    nextAttemptAt: p.datetime().$type<string>().nullable(),
    /** Inputs found, imported (new or changed), skipped as unchanged, refused. */
    inputs: p.integer().default(0),
    imported: p.integer().default(0),
    unchanged: p.integer().default(0),
    refused: p.integer().default(0),
    /** Whether an import of this run changed data (the mapping rules were re-applied after it). */
    changedData: p.boolean().default(false),
    errorCode: p.text().nullable(),
    errorMessage: p.text().nullable(),
  },
});
export type SourceRun = InferEntity<typeof SourceRun>;

/**
 * What the hub last imported successfully from one input of a source (a URL, a file in a folder):
 * the validators for a conditional GET and the content's hash, so bytes that did not change are
 * neither downloaded again nor parsed. Written only after the input's import committed.
 */
export const SourceInput = defineEntity({
  name: 'SourceInput',
  tableName: 'source_input',
  uniques: [{ properties: ['source', 'input'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    source: p.text(),
    input: p.text(),
    etag: p.text().nullable(),
    lastModified: p.text().nullable(),
    /** A dataset list's `last_modified` for this file when it was imported: unchanged, the file is not even asked for. */
    listedModified: p.text().nullable(),
    sha256: p.text(),
    bytes: p.bigint('number'),
    importRunId: p.integer().nullable(),
    checkedAt: p.datetime().$type<string>().defaultRaw('now()'),
  },
});
export type SourceInput = InferEntity<typeof SourceInput>;

/**
 * The bytes of a source's input that were last refused (an HTML page where IATI XML was expected,
 * a budget export with problems), and why: the same bytes are not imported again every schedule —
 * the source stays failing with this reason — until they change. Removed once the input imports.
 */
export const SourceRefusal = defineEntity({
  name: 'SourceRefusal',
  tableName: 'source_refusal',
  uniques: [{ properties: ['source', 'input'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    source: p.text(),
    input: p.text(),
    sha256: p.text(),
    errorCode: p.text(),
    errorMessage: p.text(),
    /** The import run that refused them. */
    importRunId: p.integer(),
    refusedAt: p.datetime().$type<string>().defaultRaw('now()'),
  },
});
export type SourceRefusal = InferEntity<typeof SourceRefusal>;
