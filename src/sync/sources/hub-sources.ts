import type { Orm } from '../../db/orm.js';
import type { Scheduler } from './scheduler.js';
import type { BackupJob, ConfiguredSource } from './source-config.js';

/**
 * The configured sources and scheduled backup (and this process's scheduler, when it runs one) that the sync subgraph
 * answers about, attached to the database handle the served hub queries: the subgraph's context
 * is made from that handle alone.
 */
export interface HubSources {
  readonly sources: ReadonlyMap<string, ConfiguredSource>;
  readonly scheduler: Scheduler | null;
  /** The sources file's scheduled backup (absent or null: none). */
  readonly backup?: BackupJob | null;
}

const attached = new WeakMap<Orm, HubSources>();

export function attachSources(orm: Orm, sources: HubSources): void {
  attached.set(orm, sources);
}

export function sourcesOf(orm: Orm): HubSources {
  return attached.get(orm) ?? { sources: new Map(), scheduler: null };
}

/** Where a source is, as a person reads it: its URL(s), folder or registry. */
export function whereOf(source: ConfiguredSource): string {
  switch (source.kind) {
    case 'iati-url':
      return source.urls.join(' ');
    case 'iati-dataset-list':
    case 'rates-url':
      return source.url;
    case 'registry':
      return `registry ${source.registry}`;
    default:
      return source.folder;
  }
}
