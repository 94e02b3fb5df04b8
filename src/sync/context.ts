import { ANONYMOUS, type AuthContext, type Viewer } from '../auth/viewer.js';
import type { EntityManager, Orm } from '../db/orm.js';
import { personalReadAudit, type PersonalReadAudit } from '../registry/personal/audit.js';
import { createSyncLoaders } from './runs-query.js';

export interface SyncContext extends AuthContext {
  readonly em: EntityManager;
  readonly loaders: ReturnType<typeof createSyncLoaders>;
  /** A registry import's error quotes people: a registry officer's read of it is audited with the registry's. */
  readonly audit: PersonalReadAudit;
}

export function createSyncContext(orm: Orm, viewer: Viewer = ANONYMOUS): SyncContext {
  const em = orm.em.fork();
  return { em, loaders: createSyncLoaders(em), audit: personalReadAudit(em, viewer), viewer };
}
