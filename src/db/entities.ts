import * as aid from '../aid/entities/index.js';
import * as finance from '../finance/entities/index.js';
import * as mapping from '../mapping/entities/index.js';
import * as registry from '../registry/entities/index.js';
import { ImportRun, QuarantinedRecord } from '../sync/import-run.entity.js';
import { SourceInput, SourceRefusal, SourceRun } from '../sync/source-run.entity.js';
import { BackupRecord } from '../sync/backup.entity.js';
import { ReferenceLoad } from './reference-load.entity.js';

/** Every entity of every domain: the schema the migrations build. */
export const entities = [
  ...Object.values(aid),
  ...Object.values(finance),
  ...Object.values(mapping),
  ...Object.values(registry),
  ImportRun,
  QuarantinedRecord,
  SourceRun,
  SourceInput,
  SourceRefusal,
  BackupRecord,
  ReferenceLoad,
];
