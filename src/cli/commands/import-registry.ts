import path from 'node:path';
import { loadRegistryColumnMap } from '../../../connectors/registry/column-map.js';
import { readRegistryFolder } from '../../../connectors/registry/read.js';
import { secretOf } from '../../auth/jwt.js';
import type { Config } from '../../config.js';
import { importRegistry } from '../../registry/load/import.js';
import { openDatabase } from '../database.js';
import { printResults } from './results.js';

export interface ImportRegistryOptions {
  /** A registry column map (JSON), for exports whose files and columns are named otherwise. */
  readonly map?: string;
  /** The registry's name in the hub (default: the folder's name). */
  readonly source?: string;
  readonly json?: boolean;
}

/** Today on this machine's calendar (set TZ to the ministry's), not in UTC: a record dated today must not be "in the future". */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** `tributary import registry <folder>`: a registry's CSV/XLSX export, whole or not at all. */
export async function importRegistryCommand(config: Config, folder: string, options: ImportRegistryOptions): Promise<number> {
  const hashKey = await secretOf(config.registry.idHashKey);
  if (hashKey === null) {
    process.stderr.write('set TRIBUTARY_ID_HASH_KEY (at least 32 characters): national IDs are stored only as hashes under that key\n');
    return 2;
  }
  const map = options.map ? await loadRegistryColumnMap(options.map) : undefined;
  const orm = await openDatabase(config);
  try {
    const input = path.relative(process.cwd(), folder) || folder;
    const result = await importRegistry(
      orm,
      { source: options.source ?? path.basename(path.resolve(folder)), input, path: folder, hashKey },
      () => readRegistryFolder(folder, { ...(map ? { map } : {}), today: localToday() }),
    );
    return printResults([result], 'registry records', options.json ?? false);
  } finally {
    await orm.close();
  }
}
