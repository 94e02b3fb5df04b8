import fs from 'node:fs';

/**
 * Preloaded (`node --import`) by the bench into a command it times, and so into the import's
 * re-run too (which inherits the flags): at exit, each process writes its own peak RSS (kernel
 * maxRSS, KB) and CPU time to stderr, so the bench can report the largest of them.
 */
process.on('exit', () => {
  const usage = process.resourceUsage();
  fs.writeSync(2, `rss-probe: ${process.pid} ${usage.maxRSS}\n`);
  // CPU seconds (user + system) of the process: steadier than its wall clock on a shared machine.
  fs.writeSync(2, `rss-probe cpu: ${process.pid} ${((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(3)}\n`);
});
