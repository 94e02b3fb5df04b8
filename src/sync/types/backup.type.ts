import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DateTime } from '../../graphql/scalars.js';

@ObjectType({ description: 'A backup written, or a restore made, by `tributary backup` / `restore` or the scheduled backup.' })
export class Backup {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'backup or restore' })
  kind!: string;

  @Field(() => String, { description: 'succeeded or failed (see error)' })
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

  @Field(() => DateTime)
  finishedAt!: string;

  @Field(() => String, { nullable: true, description: 'Why it failed.' })
  error!: string | null;
}
