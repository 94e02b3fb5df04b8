import type { CaseSpec, ChildReport } from './shared.js';

/** The results table, the import counts and the target check. MB is 1e6 bytes throughout. */
export interface Outcome {
  readonly spec: CaseSpec;
  readonly report: ChildReport;
}

type Measured = Extract<ChildReport, { kind: 'measured' }>;

const TARGET_RATIO = 0.8;
const TARGET_RSS_MB = 256;

const mbPerSecond = (m: Measured, bytes: number): number => bytes / 1e6 / m.seconds;
const rssMb = (m: Measured): number => (m.maxRssKb * 1024) / 1e6;

function measured(outcome: Outcome | undefined): Measured | undefined {
  return outcome?.report.kind === 'measured' ? outcome.report : undefined;
}

function row(cells: readonly string[]): string {
  const [label = '', ...numbers] = cells;
  return `${label.padEnd(42)}${numbers.map((cell) => cell.padStart(14)).join('')}`;
}

export function printReport(outcomes: readonly Outcome[], bytes: number): void {
  const baseline = measured(outcomes.find((o) => o.spec.name === 'raw-parse'));
  const baseRate = baseline ? mbPerSecond(baseline, bytes) : undefined;
  console.log('');
  console.log(row(['case', 'seconds', 'MB/s', 'activities/s', 'x (a) MB/s', 'peak RSS MB']));
  for (const { spec, report } of outcomes) {
    if (report.kind !== 'measured') {
      console.log(row([spec.label, report.kind === 'unavailable' ? 'not measured' : 'FAILED']));
      continue;
    }
    const rate = mbPerSecond(report, bytes);
    console.log(
      row([
        spec.label,
        report.seconds.toFixed(2),
        rate.toFixed(1),
        Math.round(report.records / report.seconds).toLocaleString('en'),
        baseRate ? `${(rate / baseRate).toFixed(2)}x` : '-',
        rssMb(report).toFixed(0),
      ]),
    );
  }
  console.log('');
  for (const { spec, report } of outcomes) {
    if (report.kind === 'measured') {
      const counts = report.counts ? `, loaded ${report.counts.loaded}, quarantined ${report.counts.quarantined}` : '';
      console.log(`${spec.label}: ${report.records} activities${counts}${report.note ? ` (${report.note})` : ''}`);
    } else if (report.kind === 'unavailable') {
      console.log(`${spec.label}: NOT MEASURED: ${report.reason}`);
    } else {
      console.log(`${spec.label}: FAILED: ${report.error}`);
    }
  }
  printTarget(measured(outcomes.find((o) => o.spec.name === 'command-postgresql')), baseRate, bytes);
}

function printTarget(postgres: Measured | undefined, baseRate: number | undefined, bytes: number): void {
  console.log('');
  console.log(`target: the \`import iati\` command into PostgreSQL >= ${TARGET_RATIO}x (a), wall clock, peak RSS <= ${TARGET_RSS_MB} MB`);
  if (!postgres) {
    console.log('  not checked: the command into PostgreSQL was not measured');
    return;
  }
  if (baseRate) {
    const ratio = mbPerSecond(postgres, bytes) / baseRate;
    console.log(`  speed: ${ratio.toFixed(2)}x (a): ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}`);
  } else {
    console.log('  speed: not checked, (a) was not measured');
  }
  const rss = rssMb(postgres);
  console.log(`  peak RSS: ${rss.toFixed(0)} MB: ${rss <= TARGET_RSS_MB ? 'met' : 'NOT met'}`);
}

/** Issue 12: the budget import no slower than it was (0.60x COPY). */
const BUDGET_TARGET_RATIO = 0.6;

/** Budget lines per second against (d), PostgreSQL's COPY of the same lines. */
export function printBudgetReport(outcomes: readonly Outcome[]): void {
  const copy = measured(outcomes.find((o) => o.spec.name === 'budget-copy'));
  const copyRate = copy ? copy.records / copy.seconds : undefined;
  console.log('');
  console.log(row(['case', 'seconds', 'lines', 'lines/s', 'x (d) lines/s', 'peak RSS MB']));
  for (const { spec, report } of outcomes) {
    if (report.kind !== 'measured') {
      console.log(row([spec.label, report.kind === 'unavailable' ? 'not measured' : 'FAILED']));
      continue;
    }
    const rate = report.records / report.seconds;
    console.log(
      row([
        spec.label,
        report.seconds.toFixed(2),
        report.records.toLocaleString('en'),
        Math.round(rate).toLocaleString('en'),
        copyRate ? `${(rate / copyRate).toFixed(2)}x` : '-',
        rssMb(report).toFixed(0),
      ]),
    );
  }
  console.log('');
  for (const { spec, report } of outcomes) {
    if (report.kind === 'measured') console.log(`${spec.label}: ${report.records} lines${report.note ? ` (${report.note})` : ''}`);
    else console.log(`${spec.label}: ${report.kind === 'unavailable' ? `NOT MEASURED: ${report.reason}` : `FAILED: ${report.error}`}`);
  }
  console.log('');
  console.log(`target: import budget into PostgreSQL >= ${BUDGET_TARGET_RATIO}x (d) lines/s; peak RSS reported`);
  const postgres = measured(outcomes.find((o) => o.spec.name === 'budget-postgresql'));
  if (!postgres || !copyRate) {
    console.log('  not checked: (d) or (f) was not measured');
    return;
  }
  const ratio = postgres.records / postgres.seconds / copyRate;
  console.log(`  speed: ${ratio.toFixed(2)}x (d): ${ratio >= BUDGET_TARGET_RATIO ? 'met' : 'NOT met'}`);
}

/** Each case against its own baseline, measured in the same process on the same data (its first line). */
export function printBaselineReport(
  outcomes: readonly Outcome[],
  names: { readonly baseline: string; readonly unit: string; readonly target?: number },
): void {
  const letter = /^\((\w)\)/.exec(names.baseline)?.[1] ?? 'baseline';
  console.log('');
  console.log(row(['case', 'seconds', names.unit, `${names.unit}/s`, `x (${letter})`, 'peak RSS MB']));
  for (const { spec, report } of outcomes) {
    if (report.kind !== 'measured') {
      console.log(row([spec.label, report.kind === 'unavailable' ? `not measured: ${report.reason}` : `FAILED: ${report.error}`]));
      continue;
    }
    const baseline = report.baselineSeconds;
    if (baseline !== undefined)
      console.log(
        row([
          names.baseline,
          baseline.toFixed(2),
          report.records.toLocaleString('en'),
          Math.round(report.records / baseline).toLocaleString('en'),
          '1.00x',
          '-',
        ]),
      );
    console.log(
      row([
        spec.label,
        report.seconds.toFixed(2),
        report.records.toLocaleString('en'),
        Math.round(report.records / report.seconds).toLocaleString('en'),
        baseline ? `${(baseline / report.seconds).toFixed(2)}x` : '-',
        rssMb(report).toFixed(0),
      ]),
    );
    if (report.note) console.log(`${spec.label}: ${report.note}`);
    if (names.target !== undefined && baseline) {
      const ratio = baseline / report.seconds;
      console.log(
        `target: ${spec.label} >= ${names.target}x (${letter}): ${ratio.toFixed(2)}x, ${ratio >= names.target ? 'met' : 'NOT met'}`,
      );
    }
  }
}
