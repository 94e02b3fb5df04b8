import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DateTime } from '../../graphql/scalars.js';
import type { Health } from '../sources/health.js';
import { SourceHealth, SourceSchedule } from './source.type.js';

@ObjectType({ description: 'A backup written, or a restore made, by `tributary backup` / `restore` or the scheduled backup.' })
export class Backup {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'backup or restore' })
  kind!: string;

  @Field(() => String, {
    description: 'running (a scheduled backup under way), succeeded, failed (see error) or interrupted (its process ended)',
  })
  status!: string;

  @Field(() => String, { description: 'The backup file written or read, on the hub’s machine.' })
  file!: string;

  @Field(() => Float, { nullable: true, description: 'Size of the file written, in bytes.' })
  bytes!: number | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the backup’s content, as its end line records it.' })
  sha256!: string | null;

  @Field(() => Int, { nullable: true })
  tables!: number | null;

  @Field(() => Float, { nullable: true, description: 'Rows written or restored.' })
  rows!: number | null;

  @Field(() => DateTime)
  startedAt!: string;

  @Field(() => DateTime, { nullable: true, description: 'Null while it runs.' })
  finishedAt!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it failed.' })
  error!: string | null;
}

@ObjectType({ description: 'The scheduled backup of the sources file (`backup`): run like a source, by the same scheduler.' })
export class BackupSchedule {
  @Field(() => String, { description: 'The folder its backups are written to, on the hub’s machine.' })
  folder!: string;

  @Field(() => Int, { description: 'How many of its newest backups are kept (older ones are deleted).' })
  keep!: number;

  @Field(() => SourceSchedule)
  schedule!: SourceSchedule;

  @Field(() => DateTime, { nullable: true })
  nextRun!: string | null;

  @Field(() => SourceHealth, {
    description: 'As a source’s, over its own scheduled backups (a `tributary backup` is not one of its runs).',
  })
  health!: Health;

  @Field(() => DateTime, { nullable: true, description: 'Its last success plus twice its schedule’s interval.' })
  lateAfter!: string | null;

  @Field(() => Backup, { nullable: true, description: 'Its newest scheduled backup, whatever its state.' })
  lastRun!: Backup | null;

  @Field(() => Backup, { nullable: true, description: 'Its newest scheduled backup that failed or was interrupted; see its error.' })
  lastFailure!: Backup | null;
}
