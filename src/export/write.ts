import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Writes a chunk, waiting for the stream to drain when its buffer is full (memory stays flat). */
export async function write(output: Writable, chunk: string | Uint8Array): Promise<void> {
  if (!output.write(chunk)) await once(output, 'drain');
}
