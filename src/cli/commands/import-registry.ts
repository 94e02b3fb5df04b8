import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadRegistryColumnMap } from '../../../connectors/registry/column-map.js';
import { RegistryFolderSource } from '../../../connectors/registry/source.js';
import { secretOf } from '../../auth/jwt.js';
import type { Config } from '../../config.js';
import { importRegistry } from '../../registry/load/import.js';
import { importRegistryPull } from '../../registry/load/pull.js';
import { loadRegistrySources } from '../../registry/sources.js';
import { openDatabase } from '../database.js';
import { pullSourceOf } from './registry-pullers.js';
import { printResults } from './results.js';

export interface ImportRegistryOptions {
  /** A registry column map (JSON), for exports whose files and columns are named otherwise. */
  readonly map?: string;
  /** The registry's name in the hub (default: the folder's name, or the configured source's). */
  readonly source?: string;
  /** A configured API: pull everything again, not only what changed since the last pull. */
  readonly full?: boolean;
  readonly json?: boolean;
  /** Stops the import (stopping.ts): it rolls back and its run ends `interrupted`. */
  readonly signal?: AbortSignal;
}

/** Today on this machine's calendar (set TZ to the ministry's), not in UTC: a record dated today must not be "in the future". */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The key national IDs are hashed under, or null after saying how to set it (nothing registry may load without it). */
export async function nationalIdHashKey(config: Config): Promise<string | null> {
  const hashKey = await secretOf(config.registry.idHashKey);
  if (hashKey === null)
    process.stderr.write('set TRIBUTARY_ID_HASH_KEY (at least 32 characters): national IDs are stored only as hashes under that key\n');
  return hashKey;
}

async function isFolder(target: string): Promise<boolean> {
  return stat(target).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/**
 * `tributary import registry <source>`: a registry's CSV/XLSX export folder (whole or not at all),
 * or a registry API named in TRIBUTARY_REGISTRIES (openIMIS or DCI), pulled from where its last
 * pull got to and merged in one transaction.
 */
export async function importRegistryCommand(config: Config, target: string, options: ImportRegistryOptions): Promise<number> {
  const hashKey = await nationalIdHashKey(config);
  if (hashKey === null) return 2;
  if (await isFolder(target)) return importFolder(config, target, options, hashKey);
  if (!config.registry.sourcesFile) {
    process.stderr.write(
      `${target} is not a folder, and no registry APIs are configured (TRIBUTARY_REGISTRIES names a JSON file of them)\n`,
    );
    return 2;
  }
  const sources = await loadRegistrySources(config.registry.sourcesFile);
  const source = sources.get(target);
  if (!source) {
    const known = [...sources.keys()].join(', ') || 'none';
    process.stderr.write(`${target} is neither a folder nor a registry source in ${config.registry.sourcesFile} (sources: ${known})\n`);
    return 2;
  }
  if (options.map) process.stderr.write('--map applies to CSV/XLSX exports only; ignored for an API\n');
  const orm = await openDatabase(config);
  try {
    const from = await pullSourceOf(source, config, localToday());
    const result = await importRegistryPull(
      orm,
      {
        source: options.source ?? source.name,
        input: `${source.kind} ${source.name}`,
        hashKey,
        full: options.full ?? false,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      from,
    );
    if (!options.json && result.status === 'succeeded')
      process.stderr.write(
        `${source.name}: changes since ${result.since ?? 'the beginning'}; next pull from ${result.watermark ?? 'the beginning'}\n`,
      );
    return printResults([result], 'registry records', options.json ?? false);
  } finally {
    await orm.close();
  }
}

async function importFolder(config: Config, folder: string, options: ImportRegistryOptions, hashKey: string): Promise<number> {
  const map = options.map ? await loadRegistryColumnMap(options.map) : undefined;
  const orm = await openDatabase(config);
  try {
    const input = path.relative(process.cwd(), folder) || folder;
    const result = await importRegistry(
      orm,
      {
        source: options.source ?? path.basename(path.resolve(folder)),
        input,
        path: folder,
        hashKey,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      new RegistryFolderSource({ ...(map ? { map } : {}), today: localToday() }),
    );
    return printResults([result], 'registry records', options.json ?? false);
  } finally {
    await orm.close();
  }
}
