import { mkdir, rm, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Less free space than this where the embedded database lives, and it is refused at start. */
export const MIN_FREE_BYTES = 64 * 1024 * 1024;

export class DataDirError extends Error {
  readonly code = 'DATA_DIR';
}

const megabytes = (bytes: number) => `${Math.floor(bytes / 1024 / 1024)} MB`;

/**
 * Checks, before PGlite opens it, that the embedded database's folder can be written and has room:
 * PGlite on a read-only or full disk fails later with an error that names neither the folder nor
 * the cause (or, mid-write, leaves a database that needs recovery). Creates the folder if needed.
 */
export async function checkDataDir(dir: string, free: (dir: string) => Promise<number> = freeBytes): Promise<void> {
  const fix = 'give the user running tributary write access to it, or set TRIBUTARY_DB_DIR to a writable folder';
  const probe = path.join(dir, `.tributary-write-check-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
      throw new DataDirError(`the embedded database's folder ${dir} is read-only (${code}): ${fix}`);
    if (code === 'ENOSPC') throw new DataDirError(`the disk holding the embedded database (${dir}) is full: free some space`);
    if (code === 'ENOTDIR' || code === 'EEXIST') throw new DataDirError(`the embedded database's folder ${dir} is not a folder: ${fix}`);
    throw new DataDirError(`cannot write the embedded database's folder ${dir}: ${(error as Error).message}`);
  }
  const available = await free(dir);
  if (available < MIN_FREE_BYTES)
    throw new DataDirError(
      `the disk holding the embedded database (${dir}) has ${megabytes(available)} free; at least ${megabytes(MIN_FREE_BYTES)} are needed: free some space`,
    );
}

async function freeBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}
