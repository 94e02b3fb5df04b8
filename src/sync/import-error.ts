import type { GraphQLResolveInfo } from 'graphql';
import { redactRegistryRefusal } from '../../connectors/registry/redact.js';
import type { SyncContext } from './context.js';
import type { ImportError, ImportRun } from './types/import-run.type.js';

/** The source registry imports and pulls log their runs under (src/registry/load/import.ts, pull.ts). */
const REGISTRY_SOURCE = 'registry';

/**
 * Why a run was rejected, as this viewer may see it. A registry import's refusal quotes the records
 * (keys, names, village codes, bad values): personal data, so a registry officer reads it whole and
 * the read is audited like any personal field; everyone else (other roles, system administrators,
 * anonymous readers of the public `sync` domain) sees where the problems are, without a value.
 */
export async function shownImportError(run: ImportRun, ctx: SyncContext, info: GraphQLResolveInfo): Promise<ImportError | null> {
  if (run.error === null || run.source !== REGISTRY_SOURCE) return run.error;
  if (!ctx.viewer.roles.includes('registry-officer')) return { ...run.error, message: redactRegistryRefusal(run.input, run.error.message) };
  await ctx.audit.record('ImportRun', Number(run.id), 'error', info);
  return run.error;
}
