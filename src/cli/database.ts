import type { Config } from '../config.js';
import { openOrm, type Orm } from '../db/orm.js';
import { prepareDatabase } from '../reference.js';

/** Opens the configured database and brings it up to date; says which one on stderr. */
export async function openDatabase(
  config: Config,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  options: { readonly reloadReference?: boolean } = {},
): Promise<Orm> {
  const db = config.database;
  log(
    db.kind === 'postgresql'
      ? `database: PostgreSQL ${redact(db.url ?? '')}${db.schema ? ` (schema ${db.schema})` : ''}`
      : `database: embedded PostgreSQL (PGlite) in ${db.dataDir}`,
  );
  const orm = await openOrm(db);
  try {
    await orm.connect();
  } catch (error) {
    await orm.close().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      db.kind === 'postgresql'
        ? `cannot connect to PostgreSQL at ${redact(db.url ?? '')}: ${reason}`
        : `cannot open ${db.dataDir}: ${reason}`,
    );
  }
  const { migrations, referenceReloaded, interruptedRuns } = await prepareDatabase(orm, { force: options.reloadReference ?? false });
  if (interruptedRuns.length === 1) log(`import run ${interruptedRuns[0]} was left running by a process that ended: now interrupted`);
  if (interruptedRuns.length > 1)
    log(`import runs ${interruptedRuns.join(', ')} were left running by a process that ended: now interrupted`);
  if (migrations.length) log(`applied migrations: ${migrations.join(', ')}`);
  if (referenceReloaded) log('reference tables loaded from mappings/');
  return orm;
}

/** A connection string without its password. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@]*@/, '//***@');
  }
}
