import { PassThrough, Writable } from 'node:stream';
import { crc32 } from 'node:zlib';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { tableCrc32, ZipWriter } from '../../src/export/zip.js';
import { zipTexts } from '../support/zip-reader.js';

function collect(): { stream: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, bytes: () => Buffer.concat(chunks) };
}

describe('the zip writer', () => {
  it('computes the CRC-32 of older Node releases exactly as zlib does, chunk by chunk', () => {
    const data = Buffer.from('Ministry of Finance, vote 109 – “headquarters” €'.repeat(300));
    expect(tableCrc32(data, 0)).toBe(crc32(data));
    expect(tableCrc32(data.subarray(100), tableCrc32(data.subarray(0, 100), 0))).toBe(crc32(data));
  });

  it('writes streamed and whole entries that two independent readers take back, names in UTF-8', async () => {
    const out = collect();
    const zip = new ZipWriter(out.stream, new Date(2026, 0, 2, 3, 4, 6));
    const sheet = await zip.entry('xl/worksheets/sheet1.xml');
    const rows = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 1}"><c><v>${i * 7}</v></c></row>`);
    for (let i = 0; i < rows.length; i += 1_000) await sheet.write(rows.slice(i, i + 1_000).join(''));
    await sheet.end();
    await zip.add('docProps/année.xml', '<x>é</x>');
    await zip.finish();
    const bytes = out.bytes();
    const texts = await zipTexts(bytes);
    expect(texts.get('xl/worksheets/sheet1.xml')).toBe(rows.join(''));
    expect(texts.get('docProps/année.xml')).toBe('<x>é</x>');
    const other = await JSZip.loadAsync(bytes);
    expect(await other.file('xl/worksheets/sheet1.xml')?.async('string')).toBe(rows.join(''));
    expect(other.file('docProps/année.xml')?.date.getMinutes()).toBe(4);
  });

  it('fails the entry being written, without hanging, when the output is destroyed part way', async () => {
    let taken = 0;
    const client = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        taken += chunk.length;
        // The client goes away after the first bytes and never drains.
        if (taken > 2_000) setImmediate(() => client.destroy(new Error('the client closed the connection')));
        else callback();
      },
    });
    client.on('error', () => undefined);
    const zip = new ZipWriter(client, new Date());
    const sheet = await zip.entry('sheet.xml');
    const writing = (async () => {
      for (let i = 0; ; i += 1) await sheet.write(`<row r="${i}">${Math.random().toString(36).repeat(50)}</row>`);
    })();
    await expect(writing).rejects.toThrow(/client closed/);
  });
});
