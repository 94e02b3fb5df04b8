/** Index of the first byte that does not belong to a well-formed UTF-8 sequence (or bytes.length). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k += 1) {
      const next = bytes[i + k];
      if (next === undefined) return i;
      const low = k === 1 ? (b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80) : 0x80;
      const high = k === 1 ? (b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf) : 0xbf;
      if (next < low || next > high) return i;
    }
    i += need + 1;
  }
  return i;
}

/** Line breaks (LF) in some bytes of text. */
function countLines(chunk: Uint8Array): number {
  let count = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) count += 1;
  return count;
}

/** Characters in bytes of UTF-8: every byte but the continuation bytes of a multi-byte character. */
function characters(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i += 1) if (((bytes[i] ?? 0) & 0xc0) !== 0x80) count += 1;
  return count;
}

export interface BadByte {
  /** Undefined when the text ends inside a character. */
  readonly byte: number | undefined;
  readonly offset: number;
  readonly line: number;
  /** In characters, from 1, as an editor counts them. */
  readonly column: number;
}

/**
 * Where a stream of UTF-8 bytes has got to, as a person would look for it: line and column. It is
 * fed each chunk that decoded, and asked where the first bad byte of the chunk that did not is.
 */
export class TextPosition {
  offset = 0;
  line = 1;
  /** The column of the next character. */
  column = 1;
  /** The last bytes advanced over, where a character the next chunk ends may have begun. */
  private tail: Buffer = Buffer.alloc(0);

  advance(chunk: Uint8Array): void {
    const last = chunk.lastIndexOf(10);
    if (last === -1) this.column += characters(chunk, 0, chunk.length);
    else {
      this.line += countLines(chunk);
      this.column = 1 + characters(chunk, last + 1, chunk.length);
    }
    this.offset += chunk.length;
    const kept = Buffer.concat([this.tail, chunk]);
    this.tail = Buffer.from(kept.subarray(Math.max(0, kept.length - 3)));
  }

  /** The first byte of `chunk` (or of a character begun before it) that is not UTF-8; `chunk` empty at the end of the text. */
  firstInvalidUtf8(chunk: Uint8Array): BadByte {
    const carried = this.tail.length;
    const bytes = Buffer.concat([this.tail, chunk]);
    let from = 0;
    // Continuation bytes at the head of the tail end a character that began earlier and decoded.
    while (from < carried && ((bytes[from] ?? 0) & 0xc0) === 0x80) from += 1;
    const at = from + firstInvalidUtf8(bytes.subarray(from));
    const byte = chunk.length === 0 ? undefined : bytes[at];
    if (at < carried) {
      // A character begun in the tail that the chunk does not finish: already counted, on this line.
      return { byte, offset: this.offset - (carried - at), line: this.line, column: this.column - characters(bytes, at, carried) };
    }
    const before = bytes.subarray(carried, at);
    const last = before.lastIndexOf(10);
    return {
      byte,
      offset: this.offset + before.length,
      line: this.line + countLines(before),
      column: last === -1 ? this.column + characters(before, 0, before.length) : 1 + characters(before, last + 1, before.length),
    };
  }
}
