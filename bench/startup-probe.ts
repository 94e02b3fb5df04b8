import fs from 'node:fs';
import fsPromises from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';

/**
 * Preloaded (`node --import`) by `npm run bench -- startup` into the CLI, and so into its import
 * re-run too: the first time the process opens one of the files named on its command line, it
 * writes `startup-probe: <epoch ms>` to stderr — the moment the command starts reading its input.
 */
const inputs = new Set(process.argv.slice(2).map((arg) => path.resolve(arg)));
let marked = false;

function mark(file: unknown): void {
  if (marked || (typeof file !== 'string' && !(file instanceof URL))) return;
  if (!inputs.has(path.resolve(file instanceof URL ? file.pathname : file))) return;
  marked = true;
  fs.writeSync(2, `startup-probe: ${performance.timeOrigin + performance.now()}\n`);
}

function watched<F extends (...args: never[]) => unknown>(original: F): F {
  return function (this: unknown, ...args: Parameters<F>) {
    mark(args[0]);
    return original.apply(this, args);
  } as F;
}

fs.open = watched(fs.open) as typeof fs.open;
fs.openSync = watched(fs.openSync);
fs.createReadStream = watched(fs.createReadStream);
fsPromises.open = watched(fsPromises.open);
fsPromises.readFile = watched(fsPromises.readFile) as typeof fsPromises.readFile;
// ES module imports of node:fs see the wrapped functions too.
syncBuiltinESMExports();
