import { Field, ID, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/pagination.js';
import { DateTime } from '../../graphql/scalars.js';

@ObjectType({ description: 'The records of one type a personal read touched.' })
export class AuditedRecords {
  @Field(() => String, { description: 'Individual or Household.' })
  type!: string;

  @Field(() => [ID], { description: 'Hub ids of the records.' })
  ids!: number[];
}

@ObjectType({ description: 'One read of personal data: who, when, which fields of which records, through which query.' })
export class PersonalDataRead {
  @Field(() => ID)
  id!: number;

  @Field(() => DateTime)
  readAt!: string;

  @Field(() => String, { description: 'The token’s subject or the API key’s name.' })
  subject!: string;

  @Field(() => [String])
  roles!: string[];

  @Field(() => String, { nullable: true })
  operationName!: string | null;

  @Field(() => String, { description: 'The query as the registry subgraph received it.' })
  query!: string;

  @Field(() => [String], { description: 'Type.field, e.g. Individual.givenName.' })
  fields!: string[];

  @Field(() => [AuditedRecords])
  records!: AuditedRecords[];
}

export const PersonalDataReadConnection = ConnectionType(PersonalDataRead, 'PersonalDataRead');
