import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import zlib, { createDeflateRaw, deflateRawSync, type DeflateRaw } from 'node:zlib';
import { write } from './write.js';

/** ZIP's 32-bit sizes and offsets; past them a workbook would need ZIP64, which this writer does not write. */
const MAX_32 = 0xffff_ffff;
/** Flags: bit 3 (sizes and CRC in a descriptor after the data), bit 11 (names are UTF-8). */
const STREAMED = 0x0808;
const KNOWN = 0x0800;
const DEFLATE = 8;
const VERSION = 20;

/** CRC-32 of zlib (native since Node 22.2 and 20.15), a table in JS before that. */
const crc32: (data: Uint8Array, value: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? zlib.crc32 : tableCrc32;

let table: Int32Array | undefined;
/** CRC-32 (IEEE) by the classic table, for Node releases without zlib.crc32. */
export function tableCrc32(data: Uint8Array, value: number): number {
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n += 1) {
      let c = n;
      for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let crc = ~value;
  for (let i = 0; i < data.length; i += 1) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** A date as MS-DOS packs it in a zip header (local time, two-second steps), as other zip writers do. */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, Math.min(2107, date.getFullYear()));
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

interface Entry {
  readonly name: Buffer;
  readonly flags: number;
  readonly offset: number;
  crc: number;
  compressed: number;
  size: number;
}

/** One entry being written: its text compressed as it comes. */
export interface ZipEntryWriter {
  write(text: string): Promise<void>;
  end(): Promise<void>;
}

/**
 * A streaming zip writer for the XLSX export: each entry deflated by Node's zlib (native, off the
 * main thread) as its text comes, its CRC by zlib's native crc32, sizes in a data descriptor after
 * the data, so nothing is held whole. yazl did the same with a CRC in JavaScript, a fifth of the
 * XLSX writer's time. A failing output (disk full, client gone) fails the entry's next write.
 */
export class ZipWriter {
  private readonly entries: Entry[] = [];
  private offset = 0;
  private readonly stamp: { time: number; date: number };
  private current: DeflateRaw | undefined;
  private readonly stop = (): void => {
    this.current?.destroy(this.output.errored ?? new Error('the output was closed before the export was complete'));
  };

  constructor(
    private readonly output: Writable,
    modified: Date,
    private readonly level = 1,
  ) {
    this.stamp = dosDateTime(modified);
    output.once('close', this.stop);
    output.once('error', this.stop);
  }

  /** Starts an entry whose size is not known ahead; the next entry starts after its `end()`. */
  async entry(name: string): Promise<ZipEntryWriter> {
    if (this.current) throw new Error(`zip entry ${name} started before the previous one ended`);
    const entry = await this.header(name, STREAMED, 0, 0, 0);
    const deflate = createDeflateRaw({ level: this.level });
    this.current = deflate;
    deflate.on('data', (chunk: Buffer) => {
      entry.compressed += chunk.length;
      this.offset += chunk.length;
    });
    deflate.pipe(this.output, { end: false });
    const ended = once(deflate, 'end');
    ended.catch(() => undefined);
    return {
      write: async (text) => {
        const data = Buffer.from(text);
        entry.crc = crc32(data, entry.crc);
        entry.size += data.length;
        await write(deflate, data);
      },
      end: async () => {
        deflate.end();
        await ended;
        deflate.unpipe(this.output);
        this.current = undefined;
        this.check(entry);
        const descriptor = Buffer.alloc(16);
        descriptor.writeUInt32LE(0x08074b50, 0);
        descriptor.writeUInt32LE(entry.crc, 4);
        descriptor.writeUInt32LE(entry.compressed, 8);
        descriptor.writeUInt32LE(entry.size, 12);
        await this.put(descriptor);
      },
    };
  }

  /** A small entry given whole. */
  async add(name: string, text: string): Promise<void> {
    const data = Buffer.from(text);
    const compressed = deflateRawSync(data, { level: this.level });
    await this.header(name, KNOWN, crc32(data, 0), compressed.length, data.length);
    await this.put(compressed);
  }

  /** The central directory: the zip is complete (the output ended and flushed). */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const entry of this.entries) {
      const record = Buffer.alloc(46);
      record.writeUInt32LE(0x02014b50, 0);
      record.writeUInt16LE(VERSION, 4);
      record.writeUInt16LE(VERSION, 6);
      record.writeUInt16LE(entry.flags, 8);
      record.writeUInt16LE(DEFLATE, 10);
      record.writeUInt16LE(this.stamp.time, 12);
      record.writeUInt16LE(this.stamp.date, 14);
      record.writeUInt32LE(entry.crc, 16);
      record.writeUInt32LE(entry.compressed, 20);
      record.writeUInt32LE(entry.size, 24);
      record.writeUInt16LE(entry.name.length, 28);
      record.writeUInt32LE(entry.offset, 42);
      await this.put(Buffer.concat([record, entry.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(this.check({ offset: start }).offset, 16);
    await this.put(end);
    this.output.off('close', this.stop);
    this.output.off('error', this.stop);
    this.output.end();
    await finished(this.output);
  }

  private async header(name: string, flags: number, crc: number, compressed: number, size: number): Promise<Entry> {
    const entry: Entry = { name: Buffer.from(name), flags, offset: this.offset, crc, compressed, size };
    this.check(entry);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(VERSION, 4);
    header.writeUInt16LE(flags, 6);
    header.writeUInt16LE(DEFLATE, 8);
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(compressed, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(entry.name.length, 26);
    this.entries.push(entry);
    await this.put(Buffer.concat([header, entry.name]));
    return entry;
  }

  private check<T extends { offset: number; compressed?: number; size?: number }>(entry: T): T {
    if (entry.offset > MAX_32 || (entry.compressed ?? 0) > MAX_32 || (entry.size ?? 0) > MAX_32)
      throw new Error('the workbook would pass 4 GB, the most a zip without ZIP64 holds: export fewer rows (a filter)');
    return entry;
  }

  private async put(data: Buffer): Promise<void> {
    this.offset += data.length;
    await write(this.output, data);
  }
}
