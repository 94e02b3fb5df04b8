import { redactRegistryRefusal } from '../../../connectors/registry/redact.js';

/**
 * A source run's failure reason as it may be shown to anyone (the graph's readers without the
 * registry-officer role, a notification): a registry source's reason quotes its records, so only
 * the safe part of it — files, rows, fields — is kept; every other source's reason is whole.
 */
export function publicReason(run: { readonly source: string; readonly kind: string }, message: string): string {
  return run.kind === 'registry' ? redactRegistryRefusal(`source ${run.source}`, message) : message;
}
