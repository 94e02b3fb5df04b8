import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTime } from '../../graphql/scalars.js';
import { SOURCE_RUN_STATES } from '../run-states.js';
import { HEALTHS, type Health } from '../sources/health.js';
import { ImportError, ImportRun } from './import-run.type.js';

export const SourceHealth = Object.fromEntries(HEALTHS.map((h) => [h, h])) as { readonly [H in Health]: H };
registerEnumType(SourceHealth, {
  name: 'SourceHealth',
  description: 'A source’s (or the scheduled backup’s) health, computed by the hub (the README’s "The health page" says how).',
  valuesConfig: {
    GREEN: { description: 'Its newest finished run succeeded, within twice its schedule’s interval.' },
    LATE: { description: 'No success within twice its schedule’s interval (the gap between its next two firings after the last success).' },
    FAILING: { description: 'Its newest finished run failed, was refused or was interrupted: see lastFailure.' },
    NEVER_RUN: { description: 'No run of it has finished yet.' },
    MANUAL: { description: 'No schedule (it runs only when started), and its newest finished run succeeded.' },
  },
});

@ObjectType({ description: 'When a source runs by itself: a cron expression in a time zone.' })
export class SourceSchedule {
  @Field(() => String, { description: 'node-cron: minute hour day-of-month month day-of-week, with an optional leading second.' })
  cron!: string;

  @Field(() => String)
  timezone!: string;
}

@ObjectType({ description: 'One run of a configured source: each new or changed input it imported is an import run.' })
export class SourceRun {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  source!: string;

  @Field(() => String, { description: 'schedule or manual.' })
  trigger!: string;

  @Field(() => String, { description: SOURCE_RUN_STATES.join(', ') })
  status!: string;

  @Field(() => Int, { description: 'Attempts made (a transient failure is retried with backoff).' })
  attempt!: number;

  @Field(() => DateTime)
  queuedAt!: string;

  @Field(() => DateTime, { nullable: true })
  startedAt!: string | null;

  @Field(() => DateTime, { nullable: true })
  finishedAt!: string | null;

  @Field(() => DateTime, { nullable: true, description: 'While retrying: when the next attempt starts.' })
  nextAttemptAt!: string | null;

  @Field(() => Int, { description: 'Inputs the source offered (files, URLs).' })
  inputs!: number;

  @Field(() => Int, { description: 'Inputs imported because they were new or changed.' })
  imported!: number;

  @Field(() => Int, { description: 'Inputs skipped: their bytes had not changed.' })
  unchanged!: number;

  @Field(() => Int, { description: 'Inputs refused (not retried).' })
  refused!: number;

  @Field(() => Boolean, { description: 'Whether data changed (the mapping rules were then re-applied to it).' })
  changedData!: boolean;

  /** Resolved by SourceRunResolver.records. */
  records?: number;

  /** Resolved by SourceRunResolver.error (a registry source's is redacted like its import runs'). */
  error!: ImportError | null;
  kind!: string;
  /** Resolved by SourceRunResolver.importRuns. */
  importRuns?: ImportRun[];
}

@ObjectType({ description: 'A source configured in TRIBUTARY_SOURCES, with its schedule and health.' })
export class Source {
  @Field(() => String)
  name!: string;

  @Field(() => String, {
    description: 'iati-url, iati-dataset-list, iati-folder, ifmis-folder, debt-folder, rates-url, rates-folder or registry.',
  })
  kind!: string;

  @Field(() => String, { description: 'Its URL(s), folder or registry.' })
  location!: string;

  @Field(() => SourceSchedule, { nullable: true, description: 'Null: it runs only when started.' })
  schedule!: SourceSchedule | null;

  @Field(() => DateTime, { nullable: true, description: 'When its schedule next fires (null without a schedule).' })
  nextRun!: string | null;

  /** Resolved by SourceResolver.health and lateAfter. */
  health?: Health;
  lateAfter?: string | null;
}
