import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { composeHub } from '../../gateway/compose.js';
import { subgraphs } from '../../gateway/subgraphs.js';
import { projectRoot } from '../../paths.js';

/**
 * The published SDL: one file per subgraph and the composed supergraph, under `schema/`.
 * `check` fails when the checked-in files differ from what the code generates.
 */
export const SCHEMA_DIR = path.join(projectRoot, 'schema');

export async function generatedSchemaFiles(): Promise<Map<string, string>> {
  const composed = await composeHub(subgraphs);
  const files = new Map<string, string>();
  for (const [name, built] of composed.subgraphs) files.set(`${name}.graphql`, `${built.sdl.trim()}\n`);
  files.set('supergraph.graphql', `${composed.supergraphSdl.trim()}\n`);
  return files;
}

export async function writeSchema(dir: string = SCHEMA_DIR): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, text] of await generatedSchemaFiles()) {
    await writeFile(path.join(dir, name), text);
    written.push(path.join(dir, name));
  }
  return written;
}

/** Names of the files that are missing or differ from the generated SDL. */
export async function outdatedSchemaFiles(dir: string = SCHEMA_DIR): Promise<string[]> {
  const outdated: string[] = [];
  for (const [name, text] of await generatedSchemaFiles()) {
    const current = await readFile(path.join(dir, name), 'utf8').catch(() => null);
    if (current !== text) outdated.push(name);
  }
  return outdated;
}
