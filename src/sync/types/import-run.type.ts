import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/pagination.js';
import { DateTime } from '../../graphql/scalars.js';
import { RUN_STATES_DESCRIPTION } from '../run-states.js';

@ObjectType({ description: 'Why a whole input was rejected (nothing from it was kept).' })
export class ImportError {
  @Field(() => String, { description: 'INVALID_XML, NOT_IATI, LIMIT_EXCEEDED, UNSUPPORTED_ENCODING…' })
  code!: string;

  @Field(() => String)
  message!: string;

  @Field(() => Int, { nullable: true })
  line!: number | null;

  @Field(() => Int, { nullable: true })
  column!: number | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'One import of one input by one connector, with what happened to its records.' })
export class ImportRun {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The connector: iati, …' })
  source!: string;

  @Field(() => String, { description: 'The input as named when it was imported.' })
  input!: string;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the input file.' })
  inputSha256!: string | null;

  @Field(() => String, { description: RUN_STATES_DESCRIPTION })
  status!: string;

  @Field(() => DateTime)
  startedAt!: string;

  @Field(() => DateTime, { nullable: true })
  finishedAt!: string | null;

  @Field(() => Int, { nullable: true })
  durationMs!: number | null;

  @Field(() => Int, { description: 'Records read.' })
  seen!: number;

  @Field(() => Int, { description: 'New records stored.' })
  loaded!: number;

  @Field(() => Int, { description: 'Records whose content changed and were rewritten.' })
  updated!: number;

  @Field(() => Int, { description: 'Records identical to what the hub holds.' })
  unchanged!: number;

  @Field(() => Int, { description: 'Records older than what the hub holds (by last-updated date); not applied.' })
  stale!: number;

  @Field(() => Int, { description: 'Records that could not be loaded; see quarantined.' })
  quarantined!: number;

  @Field(() => Int, { description: 'Records an earlier version of this input had and this one no longer has, removed (budget lines).' })
  removed!: number;

  /** Resolved by ImportRunResolver.error: a registry import's is redacted for all but registry officers. */
  error!: ImportError | null;
}

@ObjectType({ description: 'A record an import could not load, and why.' })
export class QuarantinedRecord {
  @Field(() => ID)
  id!: number;

  @Field(() => String)
  input!: string;

  @Field(() => Int, { description: 'Line of the problem in the input.' })
  line!: number;

  @Field(() => String, { nullable: true, description: "The record's own identifier (e.g. the IATI identifier), when it had one." })
  recordId!: string | null;

  @Field(() => String, { description: 'The offending field, e.g. "transaction[3]/value".' })
  field!: string;

  @Field(() => String, { description: 'MISSING_FIELD, UNKNOWN_CODE, INVALID_VALUE, INVALID_DATE, DUPLICATE_ACTIVITY…' })
  code!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => String, { description: 'The start of the record as it arrived (at most 64 KB).' })
  excerpt!: string;

  importRunId!: number;
}

export const ImportRunConnection = ConnectionType(ImportRun, 'ImportRun');
export const QuarantinedRecordConnection = ConnectionType(QuarantinedRecord, 'QuarantinedRecord');
