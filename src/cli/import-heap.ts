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
 * The commands that run under the import heap: the two large-file imports, and the two exports,
 * whose garbage (rows, cells, XML) is as short-lived: uncapped, V8 let the budget export's CSV
 * writer hold 120 MB of it at 200,000 rows (about 260 MB RSS); capped, it stays flat.
 */
const IMPORT_HEAP_COMMANDS = ['import iati', 'import budget', 'export budget', 'export iati', 'sync run'] as const;

/** True when the command line (`process.argv.slice(2)`) starts one of those commands. */
export function needsImportHeap(args: readonly string[]): boolean {
  return (IMPORT_HEAP_COMMANDS as readonly string[]).includes(args.slice(0, 2).join(' '));
}
