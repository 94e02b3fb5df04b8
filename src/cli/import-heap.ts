/**
 * V8 heap settings for a process that runs an import. The import's garbage is short-lived
 * (tags, rows, JSON batches); without a cap V8 keeps hundreds of MB of it around. With these the
 * 170 MB benchmark import into PostgreSQL peaks at about 225 MB RSS (kernel maxRSS, one parser
 * thread) instead of about 470 MB, for a few seconds more of garbage collection. The server does
 * not use them: a large GraphQL response needs more room.
 */
export const IMPORT_NODE_FLAGS = ['--max-old-space-size=128', '--max-semi-space-size=8'] as const;

/** The commands that run under the import heap: the two large-file imports. */
const IMPORT_HEAP_COMMANDS = ['import iati', 'import budget'] as const;

/** True when the command line (`process.argv.slice(2)`) starts one of those commands. */
export function needsImportHeap(args: readonly string[]): boolean {
  return (IMPORT_HEAP_COMMANDS as readonly string[]).includes(args.slice(0, 2).join(' '));
}
