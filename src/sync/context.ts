import { ANONYMOUS, type AuthContext, type Viewer } from '../auth/viewer.js';
import type { EntityManager, Orm } from '../db/orm.js';
import { createSyncLoaders } from './runs-query.js';

export interface SyncContext extends AuthContext {
  readonly em: EntityManager;
  readonly loaders: ReturnType<typeof createSyncLoaders>;
}

export function createSyncContext(orm: Orm, viewer: Viewer = ANONYMOUS): SyncContext {
  const em = orm.em.fork();
  return { em, loaders: createSyncLoaders(em), viewer };
}
