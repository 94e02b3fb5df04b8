import type { EntityManager, Orm } from '../db/orm.js';
import { createSyncLoaders } from './runs-query.js';

export interface SyncContext {
  readonly em: EntityManager;
  readonly loaders: ReturnType<typeof createSyncLoaders>;
}

export function createSyncContext(orm: Orm): SyncContext {
  const em = orm.em.fork();
  return { em, loaders: createSyncLoaders(em) };
}
