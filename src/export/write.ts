import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Writes a chunk, waiting for the stream to drain when its buffer is full (memory stays flat). A
 * stream destroyed meanwhile (a disk full, a client gone) fails the write instead of leaving it
 * waiting for a drain that will never come.
 */
export async function write(output: Writable, chunk: string | Uint8Array): Promise<void> {
  if (output.destroyed) throw output.errored ?? new Error('the output was closed before the export was complete');
  if (output.write(chunk)) return;
  const closed = new AbortController();
  try {
    await Promise.race([once(output, 'drain', { signal: closed.signal }), once(output, 'close', { signal: closed.signal })]);
  } finally {
    closed.abort();
  }
  if (output.destroyed) throw output.errored ?? new Error('the output was closed before the export was complete');
}
