import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { RUN_STATES } from './run-states.js';

/**
 * One import of one input (a file, later an API pull). Every domain's connectors record their
 * runs here: committed as `running` when the run starts (outside the import's transaction, so a
 * killed run stays visible), then ended with one of the states in run-states.ts — a rejected,
 * failed or interrupted run's outcome is written after the import's own transaction has rolled
 * back, so no imported data survives it.
 */
export const ImportRun = defineEntity({
  name: 'ImportRun',
  tableName: 'import_run',
  properties: {
    id: p.integer().primary().autoincrement(),
    /** Which connector: `iati`, later `budget`, `debt`, `registry`… */
    source: p.text().index(),
    /** The input as the user named it. */
    input: p.text(),
    inputSha256: p.text().nullable(),
    inputBytes: p.bigint('number').nullable(),
    status: p.enum(RUN_STATES),
    /**
     * When the run started (committed then, before its work), and when it really ended. Text, as
     * both drivers return a timestamptz (MikroORM keeps date and time types raw).
     */
    startedAt: p.datetime().$type<string>().defaultRaw('now()'),
    finishedAt: p.datetime().$type<string>().nullable(),
    durationMs: p.integer().nullable(),
    /** Records read from the input, and what happened to them. */
    seen: p.integer().default(0),
    loaded: p.integer().default(0),
    updated: p.integer().default(0),
    unchanged: p.integer().default(0),
    /** Not applied because the hub already holds a newer version (by last-updated date). */
    stale: p.integer().default(0),
    quarantined: p.integer().default(0),
    /** Records the hub held from an earlier version of this input and the new one no longer has (budget lines). */
    removed: p.integer().default(0),
    errorCode: p.text().nullable(),
    errorMessage: p.text().nullable(),
    errorLine: p.integer().nullable(),
    errorColumn: p.integer().nullable(),
    /** The configured source's run that imported this input (source-run.entity.ts), if any. */
    sourceRunId: p.integer().nullable().index(),
  },
});
export type ImportRun = InferEntity<typeof ImportRun>;

/** A record an import could not load, with the reason, kept for an administrator to fix. */
export const QuarantinedRecord = defineEntity({
  name: 'QuarantinedRecord',
  tableName: 'import_quarantine',
  properties: {
    id: p.integer().primary().autoincrement(),
    importRun: () => p.manyToOne(ImportRun).mapToPk().deleteRule('cascade').index(),
    input: p.text(),
    line: p.integer(),
    recordId: p.text().nullable().index(),
    field: p.text(),
    code: p.text(),
    reason: p.text(),
    excerpt: p.text(),
  },
});
export type QuarantinedRecord = InferEntity<typeof QuarantinedRecord>;
