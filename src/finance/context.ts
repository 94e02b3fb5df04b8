import { ANONYMOUS, type AuthContext, type Viewer } from '../auth/viewer.js';
import type { EntityManager, Orm } from '../db/orm.js';
import { createFinanceLoaders, type FinanceLoaders } from './loaders.js';

export interface FinanceContext extends AuthContext {
  readonly em: EntityManager;
  readonly loaders: FinanceLoaders;
}

export function createFinanceContext(orm: Orm, viewer: Viewer = ANONYMOUS): FinanceContext {
  const em = orm.em.fork();
  return { em, loaders: createFinanceLoaders(em), viewer };
}
