import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/pagination.js';
import { DateTime } from '../../graphql/scalars.js';
import { Activity } from './activity.type.js';
import { ImportWarning } from './code.type.js';

@ObjectType({ simpleResolvers: true, description: 'The organisation that published a report.' })
export class ReportingOrg {
  @Field(() => String, { nullable: true, description: 'IATI organisation identifier.' })
  ref!: string | null;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => Boolean, { description: 'Published on behalf of another organisation (e.g. by an aggregator).' })
  secondaryReporter!: boolean;

  /** Raw values the resolvers turn into `type` and `organisation`. */
  typeCode!: string | null;
  key!: string;
}

/** Stub of the sync subgraph's import run, so a report can point at the run that loaded it. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType({ simpleResolvers: true })
export class ImportRun {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ simpleResolvers: true, description: "One publisher's report of an activity, as last imported." })
export class ActivityReport {
  @Field(() => ID, { description: 'Identifier of this report in the hub.' })
  reportId!: number;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => String)
  iatiVersion!: string;

  @Field(() => DateTime, { nullable: true, description: "The publisher's last-updated-datetime." })
  lastUpdated!: string | null;

  @Field(() => String, { description: 'The file the report was read from.' })
  sourceFile!: string;

  @Field(() => Int, { description: 'Line of the <iati-activity> in that file.' })
  sourceLine!: number;

  @Field(() => DateTime)
  loadedAt!: string;

  @Field(() => String, { description: 'SHA-256 of the stored content; unchanged re-imports keep it.' })
  contentHash!: string;

  @Field(() => Boolean, { description: 'The reporting organisation is also a funding participant of the activity.' })
  reportingOrgIsFunder!: boolean;

  @Field(() => Boolean, { description: 'This is the report the activity shows.' })
  isAuthoritative!: boolean;

  @Field(() => [ImportWarning])
  warnings!: ImportWarning[];
}

@ObjectType({ simpleResolvers: true, description: 'Why the activity shows the report it shows.' })
export class Authority {
  @Field(() => String, {
    description:
      'override (set by an administrator), funding-org (the reporting org is the funding org), only-report, primary-reporter (not a secondary reporter), or latest (most recently updated).',
  })
  rule!: string;

  @Field(() => ReportingOrg, { description: 'The organisation whose report is shown.' })
  reportingOrg!: ReportingOrg;
}

export const ActivityConnection = ConnectionType(Activity, 'Activity');
