import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.js';
import { BackupFileError } from '../../db/backup/format.js';
import { backupTo, restoreFrom, scheduledBackup } from '../../sync/backups.js';
import { openDatabase } from '../database.js';

export interface BackupOptions {
  readonly output?: string;
  readonly keep?: number;
}

const out = (line: string) => void process.stdout.write(`${line}\n`);
const err = (line: string) => void process.stderr.write(`${line}\n`);
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A folder: one that exists, a name ending in a slash, or no `-o` (TRIBUTARY_BACKUP_DIR). */
async function isFolder(output: string | undefined): Promise<boolean> {
  if (output === undefined || output.endsWith('/') || output.endsWith(path.sep)) return true;
  return (await stat(output).catch(() => null))?.isDirectory() ?? false;
}

/** `tributary backup [-o file|folder] [--keep n]`: 0 when the backup was written whole, 1 otherwise. */
export async function backupCommand(config: Config, options: BackupOptions): Promise<number> {
  if (options.keep === 0) {
    err('--keep must keep at least 1 backup');
    return 2;
  }
  const folder = await isFolder(options.output);
  if (!folder && options.keep !== undefined) {
    err(`--keep needs a folder of backups; ${options.output} is a file`);
    return 2;
  }
  const orm = await openDatabase(config, err);
  try {
    const result = folder
      ? await scheduledBackup(orm, {
          folder: path.resolve(options.output ?? config.backupDir),
          keep: options.keep ?? Number.MAX_SAFE_INTEGER,
        })
      : { ...(await backupTo(orm, path.resolve(options.output ?? ''))), deleted: [] };
    out(`${result.file}: ${result.tables} tables, ${result.rows} rows, ${megabytes(result.bytes)} in ${result.seconds.toFixed(1)} s`);
    for (const file of result.deleted) out(`deleted ${file} (keeping ${options.keep})`);
    return 0;
  } catch (error) {
    err(`tributary: ${(error as Error).message}`);
    return 1;
  } finally {
    await orm.close();
  }
}

/** `tributary restore <file>`: the database becomes the backup's, whole, or stays as it was (exit 1). */
export async function restoreCommand(config: Config, file: string): Promise<number> {
  const orm = await openDatabase(config, err);
  try {
    const result = await restoreFrom(orm, path.resolve(file));
    out(`restored ${file} (made ${result.createdAt}): ${result.tables} tables, ${result.rows} rows in ${result.seconds.toFixed(1)} s`);
    if (result.interruptedRuns.length)
      out(`import runs ${result.interruptedRuns.join(', ')} were running when the backup was made: now interrupted`);
    return 0;
  } catch (error) {
    const refused = error instanceof BackupFileError;
    err(`tributary: restore ${refused ? 'refused' : 'failed'}: ${(error as Error).message}; the database is unchanged`);
    return 1;
  } finally {
    await orm.close();
  }
}
