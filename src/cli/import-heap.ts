/**
 * V8 heap settings for a process that runs an import. The import's garbage is short-lived
 * (tags, rows, JSON batches); without a cap V8 keeps hundreds of MB of it around (about 470 MB
 * RSS for the 170 MB benchmark). The young generation must still hold a batch's garbage: with
 * 8 MB semi-spaces the split's and the writer's objects were promoted and the capped old space
 * collected over and over (15 s of the main thread's garbage collection, 30–31 s of CPU for the
 * import); with 12–16 MB, 17–23 s, for a peak of 255–290 MB RSS instead of 227–272 MB (kernel
 * maxRSS, one parser thread, on a loaded machine where it moves by tens of MB from run to run;
 * 16 MB measured no better than 12). The server does not use them: a large GraphQL response needs
 * more room.
 */
export const IMPORT_NODE_FLAGS = ['--max-old-space-size=128', '--max-semi-space-size=12'] as const;

/**
 * The IATI import's main thread only writes: the parsing, and its garbage, are the parser
 * thread's (its own heap, connectors/iati/parse-thread.ts). 8 MB semi-spaces measured the same
 * CPU as 12 (13.5 s against 13.8 s for the benchmark's command) for about 15 MB less RSS.
 */
export const IATI_IMPORT_NODE_FLAGS = ['--max-old-space-size=128', '--max-semi-space-size=8'] as const;

/**
 * The commands that run under the import heap: the two large-file imports, a source's sync run
 * (which runs those imports), and the two exports, whose garbage (rows, cells, XML) is as short-lived: uncapped, V8 let the budget export's CSV
 * writer hold 120 MB of it at 200,000 rows (about 260 MB RSS); capped, it stays flat.
 */
const IMPORT_HEAP_COMMANDS = ['import iati', 'import budget', 'export budget', 'export iati', 'sync run'] as const;

/** The heap flags the command line (`process.argv.slice(2)`) runs under, or null for a command that needs none. */
export function importHeapFlags(args: readonly string[]): readonly string[] | null {
  const command = args.slice(0, 2).join(' ');
  if (command === 'import iati') return IATI_IMPORT_NODE_FLAGS;
  return (IMPORT_HEAP_COMMANDS as readonly string[]).includes(command) ? IMPORT_NODE_FLAGS : null;
}

/** True when the command line starts one of those commands. */
export function needsImportHeap(args: readonly string[]): boolean {
  return importHeapFlags(args) !== null;
}
