import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../paths.js';

/** `tributary --version` (or `-V`) alone: answered before the program, its modules or a database load. */
export function asksForVersion(args: readonly string[]): boolean {
  return args.length === 1 && (args[0] === '--version' || args[0] === '-V');
}

/** The version in the project's package.json, the one `npm` and the lockfile know. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof manifest.version !== 'string') throw new Error(`${path.join(projectRoot, 'package.json')} has no version`);
  return manifest.version;
}
