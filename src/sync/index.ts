import { buildSubgraph, type SubgraphModule } from '../graphql/subgraph.js';
import { BackupResolver } from './backups.resolver.js';
import { BackupScheduleResolver } from './sources/backup-schedule.resolver.js';
import { createSyncContext } from './context.js';
import { ImportRunResolver, resolveImportRunReference } from './runs.resolver.js';
import { SourceResolver, SourceRunResolver } from './sources/sources.resolver.js';

/** The sync subgraph: import runs of every connector, the records they quarantined, the configured sources and their runs, and the backups. */
export const syncSubgraph: SubgraphModule = {
  name: 'sync',
  build: () =>
    buildSubgraph({
      resolvers: [ImportRunResolver, SourceResolver, SourceRunResolver, BackupResolver, BackupScheduleResolver],
      referenceResolvers: { ImportRun: { __resolveReference: resolveImportRunReference } },
    }),
  createContext: createSyncContext,
};
