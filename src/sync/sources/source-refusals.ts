import { sql } from 'kysely';
import type { Orm } from '../../db/orm.js';
import { TributaryError, type ErrorCode } from '../../errors.js';
import { syncDb } from '../db.js';

/** The bytes of an input last refused, and why (source_refusal). */
export interface Refusal {
  readonly sha256: string;
  readonly code: string;
  readonly message: string;
  readonly importRunId: number;
}

export async function refusalOf(orm: Orm, source: string, input: string): Promise<Refusal | null> {
  const row = await syncDb(orm.em.fork())
    .selectFrom('source_refusal')
    .select(['sha256', 'error_code as code', 'error_message as message', 'import_run_id as importRunId'])
    .where('source', '=', source)
    .where('input', '=', input)
    .executeTakeFirst();
  return row ?? null;
}

export async function rememberRefusal(orm: Orm, source: string, input: string, sha256: string, importRunId: number, error: TributaryError) {
  const values = {
    sha256,
    error_code: error.code,
    error_message: error.message,
    import_run_id: importRunId,
    refused_at: sql<string>`clock_timestamp()`,
  };
  await syncDb(orm.em.fork())
    .insertInto('source_refusal')
    .values({ source, input, ...values })
    .onConflict((c) => c.columns(['source', 'input']).doUpdateSet(values))
    .execute();
}

/** Once an input imports, its earlier refusal no longer stands. */
export async function forgetRefusal(orm: Orm, source: string, input: string): Promise<void> {
  await syncDb(orm.em.fork()).deleteFrom('source_refusal').where('source', '=', source).where('input', '=', input).execute();
}

/** The earlier refusal, standing again for bytes that did not change: the source stays failing with its reason. */
export function refusedAgain(input: string, refusal: Refusal): TributaryError {
  return new TributaryError(
    refusal.code as ErrorCode,
    `${input}: unchanged, previously refused (import run ${refusal.importRunId}): ${refusal.message}`,
    { file: input },
  );
}
