import { readFileSync } from 'node:fs';

/**
 * An independent count of what an IATI file holds, by plain text search (no XML parser), to
 * check the importer against. Each activity block is `<iati-activity …>` to `</iati-activity>`.
 */
export interface ActivityBlock {
  readonly startLine: number;
  readonly endLine: number;
  readonly transactions: number;
  readonly budgets: number;
  /** Sector elements (activity and transaction level) that carry a code. */
  readonly sectors: number;
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

export function activityBlocks(file: string): ActivityBlock[] {
  const text = readFileSync(file, 'utf8');
  const blocks: ActivityBlock[] = [];
  const open = /<iati-activity[\s>]/g;
  let line = 1;
  let lineAt = 0;
  const lineOf = (offset: number): number => {
    for (let i = text.indexOf('\n', lineAt); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
      line += 1;
      lineAt = i + 1;
    }
    return line;
  };
  for (let match = open.exec(text); match; match = open.exec(text)) {
    const end = text.indexOf('</iati-activity>', match.index);
    const block = text.slice(match.index, end);
    const startLine = lineOf(match.index);
    blocks.push({
      startLine,
      endLine: lineOf(end),
      transactions: count(block, /<transaction[\s>]/g),
      budgets: count(block, /<budget[\s>]/g),
      sectors: count(block, /<sector\b[^>]*\b(code|ref)\s*=\s*["'][^"']+["']/g),
    });
    open.lastIndex = end;
  }
  return blocks;
}
