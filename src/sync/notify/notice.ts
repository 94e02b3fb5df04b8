import type { SourceRunState } from '../run-states.js';

/** What a notification says: which source, its new state, the run that changed it, and why. */
export interface SourceNotice {
  readonly source: string;
  readonly kind: string;
  /** `failing`: its run was rejected or failed after healthy runs (or none); `recovered`: it succeeded after failing. */
  readonly state: 'failing' | 'recovered';
  readonly run: { readonly id: number; readonly status: string; readonly trigger: string; readonly attempts: number };
  /** Why it fails, redacted as the graph redacts it for readers without the registry-officer role; null on recovery. */
  readonly reason: { readonly code: string; readonly message: string } | null;
  readonly at: string;
}

const FAILING: readonly string[] = ['rejected', 'failed'];

/**
 * Whether a run changes its source's health, given the outcome of the run before it that counts:
 * only state changes are told, never each attempt or each failing run. An interrupted run (the hub
 * stopped) says nothing about the source.
 */
export function stateChange(previous: SourceRunState | null, current: SourceRunState): SourceNotice['state'] | null {
  if (current !== 'succeeded' && !FAILING.includes(current)) return null;
  const wasFailing = previous !== null && FAILING.includes(previous);
  if (FAILING.includes(current)) return wasFailing ? null : 'failing';
  return wasFailing ? 'recovered' : null;
}

export function subjectOf(notice: SourceNotice): string {
  return notice.state === 'failing' ? `tributary: source ${notice.source} is failing` : `tributary: source ${notice.source} recovered`;
}

/** The notice as a person reads it (the e-mail's body). */
export function textOf(notice: SourceNotice): string {
  const { run } = notice;
  return [
    notice.state === 'failing'
      ? `The source ${notice.source} (${notice.kind}) is failing. The hub keeps serving what its last good run left.`
      : `The source ${notice.source} (${notice.kind}) recovered.`,
    `Run: source run ${run.id} (${run.trigger}), ${run.status} after ${run.attempts} attempt(s), ${notice.at}.`,
    ...(notice.reason ? [`Reason: ${notice.reason.code}: ${notice.reason.message}`] : []),
    '',
    `See: tributary sync status, or sources { lastFailure { error { code message } } } in the graph.`,
  ].join('\n');
}

/** The notice as a webhook receives it (JSON). */
export function payloadOf(notice: SourceNotice) {
  return { event: `source.${notice.state}`, ...notice };
}
