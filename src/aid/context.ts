import { ANONYMOUS, type AuthContext, type Viewer } from '../auth/viewer.js';
import type { EntityManager, Orm } from '../db/orm.js';
import { createAidLoaders, type AidLoaders } from './loaders.js';

/** What every aid resolver gets: its own entity manager and loaders, fresh for each request. */
export interface AidContext extends AuthContext {
  readonly em: EntityManager;
  readonly loaders: AidLoaders;
}

export function createAidContext(orm: Orm, viewer: Viewer = ANONYMOUS): AidContext {
  const em = orm.em.fork();
  return { em, loaders: createAidLoaders(em), viewer };
}
