import fs from 'node:fs';

/**
 * Preloaded (`node --import`) by the bench into a command it times, and so into the import's
 * re-run too (which inherits the flags): at exit, each process writes its own peak RSS (kernel
 * maxRSS, KB) to stderr, so the bench can report the largest of them.
 */
process.on('exit', () => {
  fs.writeSync(2, `rss-probe: ${process.pid} ${process.resourceUsage().maxRSS}\n`);
});
