import { ANONYMOUS, type AuthContext, type Viewer } from '../auth/viewer.js';
import { secretOf } from '../auth/jwt.js';
import { loadConfig, type Config } from '../config.js';
import type { EntityManager, Orm } from '../db/orm.js';
import type { StatisticsLimits } from './statistics/table.js';
import { disclosurePolicy } from './disclosure/gate.js';
import { createRegistryLoaders, type RegistryLoaders } from './loaders.js';
import { personalReadAudit, type PersonalReadAudit } from './personal/audit.js';

export interface RegistryContext extends AuthContext {
  readonly em: EntityManager;
  readonly loaders: RegistryLoaders;
  readonly audit: PersonalReadAudit;
  /** The small-cell threshold (TRIBUTARY_SMALL_CELL_K). */
  readonly k: number;
  /** TRIBUTARY_SMALL_CELL_K, TRIBUTARY_STATISTICS_MAX_SIZE and TRIBUTARY_STATISTICS_DEADLINE_MS. */
  readonly statistics: StatisticsLimits;
  /** The hub's national-ID hash key (TRIBUTARY_ID_HASH_KEY), or null when none is set. */
  readonly idHashKey: () => Promise<string | null>;
}

let settings: { k: number; statistics: StatisticsLimits; key: Promise<string | null> } | undefined;

function registrySettings(config: Config['registry']) {
  return {
    k: config.smallCellK,
    statistics: { k: config.smallCellK, maxSize: config.statisticsMaxSize, deadlineMs: config.statisticsDeadlineMs },
    key: secretOf(config.idHashKey),
  };
}

export function createRegistryContext(orm: Orm, viewer: Viewer = ANONYMOUS): RegistryContext {
  const em = orm.em.fork();
  settings ??= registrySettings(loadConfig().registry);
  const { k, statistics, key } = settings;
  return {
    em,
    loaders: createRegistryLoaders(em, disclosurePolicy(viewer, k), statistics),
    audit: personalReadAudit(em, viewer),
    viewer,
    k,
    statistics,
    idHashKey: () => key,
  };
}
