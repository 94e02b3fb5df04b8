import { ANONYMOUS, type AuthContext, type Viewer } from '../auth/viewer.js';
import type { EntityManager, Orm } from '../db/orm.js';
import { personalReadAudit, type PersonalReadAudit } from '../registry/personal/audit.js';
import { createSyncLoaders } from './runs-query.js';
import { sourcesOf, type HubSources } from './sources/hub-sources.js';
import { createSourceLoaders } from './sources/source-query.js';

export interface SyncContext extends AuthContext {
  readonly em: EntityManager;
  readonly loaders: ReturnType<typeof createSyncLoaders>;
  readonly sourceLoaders: ReturnType<typeof createSourceLoaders>;
  /** The configured sources and this process's scheduler (none unless the served hub attached them). */
  readonly hubSources: HubSources;
  /** A registry import's error quotes people: a registry officer's read of it is audited with the registry's. */
  readonly audit: PersonalReadAudit;
}

export function createSyncContext(orm: Orm, viewer: Viewer = ANONYMOUS): SyncContext {
  const em = orm.em.fork();
  return {
    em,
    loaders: createSyncLoaders(em),
    sourceLoaders: createSourceLoaders(em),
    hubSources: sourcesOf(orm),
    audit: personalReadAudit(em, viewer),
    viewer,
  };
}
