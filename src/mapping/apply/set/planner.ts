import { sql } from 'kysely';
import type { EntityManager } from '../../../db/orm.js';
import { mappingDb } from '../../db.js';

/**
 * Runs the set-based statements with nested loops off and room to sort in memory, then puts the
 * caller's settings back (they are the caller's transaction's). The planner guesses the size of
 * a CTE (a few rows where there are 25,000), and a nested loop over such guesses is quadratic:
 * these statements join whole sets, never a few rows.
 */
export async function forWholeSets<T>(em: EntityManager, work: () => Promise<T>): Promise<T> {
  const db = mappingDb(em);
  const before = await sql<{ nestloop: string; memory: string; jit: string }>`select current_setting('enable_nestloop') as nestloop,
    current_setting('work_mem') as memory, current_setting('jit') as jit`.execute(db);
  const { nestloop = 'on', memory = '4MB', jit = 'on' } = before.rows[0] ?? {};
  await sql`select set_config('enable_nestloop', 'off', true), set_config('work_mem', '64MB', true), set_config('jit', 'off', true)`.execute(
    db,
  );
  try {
    return await work();
  } finally {
    await sql`select set_config('enable_nestloop', ${nestloop}, true), set_config('work_mem', ${memory}, true), set_config('jit', ${jit}, true)`.execute(
      db,
    );
  }
}
