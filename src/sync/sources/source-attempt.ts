import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.js';
import type { Orm } from '../../db/orm.js';
import { TributaryError } from '../../errors.js';
import { fileFacts } from '../import-runs.js';
import type { ImportResult } from '../run-import.js';
import { fetchToFile, isTransient } from './http-fetch.js';
import { importInput, pullRegistry } from './import-input.js';
import type { ConfiguredSource } from './source-config.js';
import { candidatesOf, type Candidate } from './source-inputs.js';
import { forgetRefusal, refusalOf, refusedAgain, rememberRefusal } from './source-refusals.js';
import { inputState, saveInputState, type InputState, type RunTally } from './source-runs.js';

/** A failure the next attempt may not meet: the network, a timeout, HTTP 5xx, or the hub's own (the database went away). */
export function retryable(error: TributaryError): boolean {
  return isTransient(error) || error.code === 'INTERNAL';
}

/** What one run of a source has done so far, across its attempts. */
export interface RunProgress {
  readonly runId: number;
  tally: RunTally;
  refusals: TributaryError[];
  readonly imports: ImportResult[];
  /** Inputs this run imported (an attempt after a retry finds them unchanged, and does not count them twice). */
  readonly importedInputs: Set<string>;
}

export interface AttemptContext {
  readonly orm: Orm;
  readonly config: Config;
  readonly source: ConfiguredSource;
  readonly workDir: string;
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
  /** Told each import run as it starts (IATI inputs), before its work. */
  readonly onImportStart?: (input: string, importRunId: number) => void;
}

type Found = Omit<InputState, 'sha256'> & { readonly sha256: string; readonly bytes: number };

const started = (ctx: AttemptContext, input: string) => (id: number) => ctx.onImportStart?.(input, id);

function unchanged(progress: RunProgress, input: string): void {
  if (!progress.importedInputs.has(input)) progress.tally.unchanged += 1;
}

/** Records an import's outcome; a transient failure (or an interruption) ends the attempt by throwing. */
async function recordImport(ctx: AttemptContext, progress: RunProgress, input: string, result: ImportResult, found: Found | null) {
  progress.imports.push(result);
  if (result.status === 'succeeded') {
    const c = result.counts;
    progress.tally.imported += 1;
    progress.importedInputs.add(input);
    progress.tally.changedData ||= c.loaded + c.updated + c.removed > 0;
    if (found) {
      await saveInputState(ctx.orm, ctx.source.name, input, { ...found, importRunId: result.runId });
      await forgetRefusal(ctx.orm, ctx.source.name, input);
    }
    return;
  }
  const error = result.error ?? new TributaryError('INTERNAL', `${input}: import ${result.status}`);
  if (result.status === 'interrupted' || retryable(error)) throw error;
  if (found) await rememberRefusal(ctx.orm, ctx.source.name, input, found.sha256, result.runId, error);
  progress.tally.refused += 1;
  progress.refusals.push(error);
}

/** Bytes refused before and unchanged since are not imported again: the earlier refusal stands, with its reason. */
async function stillRefused(ctx: AttemptContext, progress: RunProgress, input: string, sha256: string): Promise<boolean> {
  const refusal = await refusalOf(ctx.orm, ctx.source.name, input);
  if (refusal?.sha256 !== sha256) return false;
  ctx.log(`${ctx.source.name}: ${input}: unchanged, previously refused (import run ${refusal.importRunId})`);
  progress.tally.refused += 1;
  progress.refusals.push(refusedAgain(input, refusal));
  return true;
}

async function takeUrl(ctx: AttemptContext, progress: RunProgress, candidate: Extract<Candidate, { kind: 'url' }>, index: number) {
  const { orm, source } = ctx;
  const known = await inputState(orm, source.name, candidate.input);
  if (candidate.listedModified !== null && known?.listedModified === candidate.listedModified) return unchanged(progress, candidate.input);
  if (!('http' in source)) return;
  const name = path.basename(new URL(candidate.input).pathname).replace(/[^A-Za-z0-9._-]/g, '_') || 'download';
  const target = path.join(ctx.workDir, `${index}-${name}`);
  const fetched = await fetchToFile(candidate.input, target, known, source.http, ctx.config.envSecret, ctx.signal);
  if (!fetched.changed) return unchanged(progress, candidate.input);
  const found = { ...fetched, listedModified: candidate.listedModified };
  try {
    if (known?.sha256 === fetched.sha256) {
      // New validators, same bytes: remembered, not parsed again.
      await saveInputState(orm, source.name, candidate.input, { ...found, importRunId: null });
      return unchanged(progress, candidate.input);
    }
    if (await stillRefused(ctx, progress, candidate.input, fetched.sha256)) return;
    const result = await importInput(
      orm,
      ctx.config,
      source,
      { path: target, displayName: candidate.input },
      ctx.signal,
      started(ctx, candidate.input),
    );
    await recordImport(ctx, progress, candidate.input, result, found);
  } finally {
    await rm(target, { force: true });
  }
}

async function takeFile(ctx: AttemptContext, progress: RunProgress, candidate: Extract<Candidate, { kind: 'file' }>) {
  const known = await inputState(ctx.orm, ctx.source.name, candidate.input);
  const facts = await fileFacts(candidate.path, ctx.signal);
  if (known?.sha256 === facts.sha256) return unchanged(progress, candidate.input);
  if (await stillRefused(ctx, progress, candidate.input, facts.sha256)) return;
  const found = { ...facts, etag: null, lastModified: null, listedModified: null };
  const result = await importInput(
    ctx.orm,
    ctx.config,
    ctx.source,
    { path: candidate.path, displayName: candidate.input },
    ctx.signal,
    started(ctx, candidate.input),
  );
  await recordImport(ctx, progress, candidate.input, result, found);
}

/**
 * One attempt at a source: every new or changed input imported (each its own import run, whole or
 * not at all), refused inputs counted and the rest carried on with. Throws what should end the
 * attempt: a transient failure (retried), an interruption, or a source that cannot be read at all.
 */
export async function attemptSource(ctx: AttemptContext, progress: RunProgress): Promise<void> {
  progress.tally = { ...progress.tally, inputs: 0, unchanged: 0, refused: 0 };
  progress.refusals = [];
  if (ctx.source.kind === 'registry') {
    progress.tally.inputs = 1;
    return recordImport(ctx, progress, ctx.source.registry, await pullRegistry(ctx.orm, ctx.config, ctx.source, ctx.signal), null);
  }
  const candidates = await candidatesOf(ctx.source, ctx.config, ctx.workDir, ctx.signal);
  progress.tally.inputs = candidates.length;
  for (const [index, candidate] of candidates.entries()) {
    if (ctx.signal.aborted) throw new TributaryError('INTERRUPTED', `source ${ctx.source.name} stopped`);
    try {
      if (candidate.kind === 'url') await takeUrl(ctx, progress, candidate, index);
      else await takeFile(ctx, progress, candidate);
    } catch (caught) {
      // A refused download (HTTP 404, too large, corrupt gzip) is that input's problem only.
      if (!(caught instanceof TributaryError) || retryable(caught) || caught.code === 'INTERRUPTED' || ctx.signal.aborted) throw caught;
      ctx.log(`${ctx.source.name}: ${candidate.input}: ${caught.message}`);
      progress.tally.refused += 1;
      progress.refusals.push(caught);
    }
  }
}
