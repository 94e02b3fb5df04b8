import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';

/**
 * The file's way into an HTTP response. The status and headers go out with the first byte, so a
 * download refused before writing (a bad filter) can still be answered 400. When the client goes
 * away the sink fails, so the writer waiting on it (and the rows behind it, and their transaction)
 * stops at once instead of waiting for a drain that will never come. A client that stays connected
 * but takes nothing for `stallMs` is cut off the same way: a download holds a database connection
 * and a transaction (on PGlite, the only session) for as long as it runs.
 */
export class ResponseSink extends Writable {
  bytes = 0;
  private started = false;
  private delivered = false;

  constructor(
    private readonly response: ServerResponse,
    private readonly headers: Readonly<Record<string, string>>,
    private readonly stallMs: number,
  ) {
    super({ highWaterMark: 64 * 1024 });
    // A client gone is seen by the writer (its next write fails), not as an unhandled 'error' event.
    this.on('error', () => undefined);
    // Not `writableFinished`: once the socket is gone it reads true although 'finish' never came.
    response.once('finish', () => (this.delivered = true));
    response.once('close', () => {
      if (!this.delivered) this.destroy(new Error('the client closed the connection before the file was complete'));
    });
  }

  /** Whether any of the file was sent (then the answer can no longer be an error status). */
  get sent(): boolean {
    return this.started;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.started) {
      this.started = true;
      this.response.writeHead(200, this.headers);
    }
    this.bytes += chunk.length;
    if (this.response.write(chunk)) {
      callback();
      return;
    }
    const stalled = setTimeout(() => {
      const error = new Error(`the client took nothing for ${this.stallMs / 1000} s: the download was stopped`);
      this.destroy(error);
      this.response.destroy();
    }, this.stallMs);
    this.response.once('drain', () => {
      clearTimeout(stalled);
      callback();
    });
    this.response.once('close', () => clearTimeout(stalled));
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (!this.started) {
      this.started = true;
      this.response.writeHead(200, this.headers);
    }
    this.response.end(() => callback());
  }
}
