import type { WriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';

/**
 * An export's file, written beside its name (`.name.partial`) and renamed only when complete, so a
 * refused or failed export never leaves a file a budget officer could mistake for a whole one.
 */
export interface PartialFile {
  readonly out: WriteStream;
  /** Ends the stream and gives the file its name. */
  commit(): Promise<void>;
  /** Drops what was written. */
  discard(): Promise<void>;
}

export async function partialFile(output: string): Promise<PartialFile> {
  const partial = path.join(path.dirname(output), `.${path.basename(output)}.partial`);
  const file = await open(partial, 'w').catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? `the folder ${path.dirname(output)} does not exist` : error.message;
    throw new Error(`cannot write ${output}: ${why}`);
  });
  const out = file.createWriteStream();
  return {
    out,
    async commit() {
      out.end();
      await finished(out);
      await rename(partial, output);
    },
    async discard() {
      out.destroy();
      await rm(partial, { force: true });
    },
  };
}
