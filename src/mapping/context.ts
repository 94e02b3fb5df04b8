import { ANONYMOUS, type AuthContext, type Viewer } from '../auth/viewer.js';
import type { EntityManager, Orm } from '../db/orm.js';
import { createMappingLoaders, type MappingLoaders } from './loaders.js';

export interface MappingContext extends AuthContext {
  readonly em: EntityManager;
  readonly loaders: MappingLoaders;
}

export function createMappingContext(orm: Orm, viewer: Viewer = ANONYMOUS): MappingContext {
  const em = orm.em.fork();
  return { em, loaders: createMappingLoaders(em), viewer };
}
