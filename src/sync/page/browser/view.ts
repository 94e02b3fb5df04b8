/** The health page's tables: each source, and the scheduled backup, as the graph gives them. */
import { count, h, instant, table, type Row } from '../../../mapping/admin/browser/dom.js';
import type { HealthAnswer, Health, Schedule, SourceShape } from './shapes.js';

const WORDS: Record<Health, string> = {
  GREEN: 'Green',
  LATE: 'Late',
  FAILING: 'Failing',
  NEVER_RUN: 'Never run',
  MANUAL: 'Manual',
};

/** A health as a coloured badge that says it in words too (colour alone tells nothing to some readers). */
export function badge(health: Health, lateAfter: string | null): HTMLElement {
  const title = health === 'LATE' && lateAfter ? 'late since ' + instant(lateAfter) : null;
  return h('span', { class: 'health health-' + health.toLowerCase(), title }, WORDS[health]);
}

function scheduleText(schedule: Schedule | null): string {
  return schedule ? schedule.cron + ' (' + schedule.timezone + ')' : 'when started';
}

function sourceRow(source: SourceShape): Row {
  const run = source.lastRun;
  const failure = source.lastFailure;
  return [
    [source.name, h('code', null, source.kind + ': ' + source.location)],
    badge(source.health, source.lateAfter),
    run ? run.status + ' ' + instant(run.finishedAt ?? run.queuedAt) : 'never',
    source.lastSuccess ? instant(source.lastSuccess.finishedAt) : 'never',
    source.nextRun ? instant(source.nextRun) : scheduleText(source.schedule),
    run ? count(run.inputs) : '—',
    run ? count(run.imported) : '—',
    run ? count(run.unchanged) : '—',
    run ? count(run.refused) : '—',
    run ? count(run.records) : '—',
    failure
      ? h('div', { class: 'reason' }, instant(failure.finishedAt) + ' ' + failure.status + ': ' + (failure.error?.message ?? ''))
      : '',
  ];
}

export function sourcesTable(sources: readonly SourceShape[]): HTMLElement {
  if (!sources.length) return h('p', { class: 'empty' }, 'No sources are configured (TRIBUTARY_SOURCES names the sources file).');
  const columns = [
    'Source',
    'Health',
    'Last run',
    'Last success',
    'Next run',
    'Inputs',
    'Imported',
    'Unchanged',
    'Refused',
    'Records',
    'Last failure',
  ];
  return table(
    'Sources: ' + count(sources.length) + ', of which ' + count(sources.filter((s) => s.health === 'GREEN').length) + ' green',
    columns.map((label, i) => ({ label, numeric: i >= 5 && i <= 9, className: i >= 2 && i <= 4 ? 'when' : undefined })),
    sources.map(sourceRow),
    'sources-table',
  );
}

export function backupSummary(answer: HealthAnswer): HTMLElement {
  const job = answer.backupSchedule;
  if (!job) return h('p', { class: 'empty' }, 'No scheduled backup: add `backup` to the sources file (see the README).');
  const last = answer.lastBackup;
  const entries: [string, Node | string][] = [
    ['Health', badge(job.health, job.lateAfter)],
    ['Schedule', scheduleText(job.schedule) + ', keeping the newest ' + count(job.keep)],
    ['Folder', job.folder],
    ['Last good backup', last ? instant(last.finishedAt) + ' ' + last.file : 'none yet'],
    ['Last run', job.lastRun ? job.lastRun.status + ' ' + instant(job.lastRun.finishedAt) : 'never'],
    ['Next run', instant(job.nextRun)],
    [
      'Last failure',
      job.lastFailure ? h('span', { class: 'reason' }, instant(job.lastFailure.finishedAt) + ' ' + (job.lastFailure.error ?? '')) : 'none',
    ],
  ];
  return h(
    'dl',
    { class: 'backup-summary' },
    entries.map(([term, value]) => [h('dt', null, term), h('dd', null, value)]),
  );
}
