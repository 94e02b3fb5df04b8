import type { EntityManager, Orm } from '../db/orm.js';
import { createFinanceLoaders, type FinanceLoaders } from './loaders.js';

export interface FinanceContext {
  readonly em: EntityManager;
  readonly loaders: FinanceLoaders;
}

export function createFinanceContext(orm: Orm): FinanceContext {
  const em = orm.em.fork();
  return { em, loaders: createFinanceLoaders(em) };
}
