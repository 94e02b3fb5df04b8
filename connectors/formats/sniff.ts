import { open } from 'node:fs/promises';

/**
 * What a file is, from its first bytes rather than its name: a gzip stream or a zip archive is
 * compressed whatever it is called, and an HTML page (a portal's error or login page saved in
 * place of the data) is neither XML data nor CSV. The readers decompress what they can and name
 * the rest, instead of reporting the first byte that is not text.
 */
export type Sniffed = 'gzip' | 'zip' | 'html';

/** Enough bytes to see past a byte-order mark, white space and a comment or two to the first tag. */
export const SNIFF_BYTES = 1024;

const DESCRIPTIONS: Readonly<Record<Sniffed, string>> = {
  gzip: 'a gzip-compressed file',
  zip: 'a zip archive',
  html: 'an HTML page',
};

export function describeSniffed(kind: Sniffed): string {
  return DESCRIPTIONS[kind];
}

export function sniff(head: Uint8Array): Sniffed | null {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  return looksLikeHtml(head) ? 'html' : null;
}

/** `<!DOCTYPE html>` or `<html`, after a byte-order mark, white space and comments. */
function looksLikeHtml(head: Uint8Array): boolean {
  let text = Buffer.from(head.subarray(0, SNIFF_BYTES)).toString('latin1');
  if (text.startsWith('\xef\xbb\xbf')) text = text.slice(3);
  text = text.replace(/^(\s*<!--[\s\S]*?-->)*\s*/, '');
  return /^<(!doctype\s+html|html[\s>])/i.test(text);
}

/** The first bytes of a file (fewer when it is shorter). */
export async function fileHead(path: string, length = SNIFF_BYTES): Promise<Buffer> {
  const handle = await open(path);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(length), 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function sniffFile(path: string): Promise<Sniffed | null> {
  return sniff(await fileHead(path));
}
