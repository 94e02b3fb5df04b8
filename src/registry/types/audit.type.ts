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

@ObjectType({
  description: 'One condition of a search: personal values (a national ID, name, phone, birth date, village) only as keyed hashes.',
})
export class AuditedSearchTerm {
  @Field(() => String, { description: 'The filter: nationalId, name, phone, dateOfBirth, area, programme or source.' })
  filter!: string;

  @Field(() => String, {
    description:
      'The value searched, or for a personal one its HMAC-SHA-256 under the hub’s key (a national ID exactly as `Individual.nationalIdHash`).',
  })
  value!: string;

  @Field(() => Boolean, { description: 'True when `value` is a hash.' })
  hashed!: boolean;
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

  @Field(() => [String], { description: 'Type.field, e.g. Individual.givenName; for a search, Type.filter.name.' })
  fields!: string[];

  @Field(() => [AuditedRecords], { description: 'For a search, the records it found (the page returned).' })
  records!: AuditedRecords[];

  @Field(() => [AuditedSearchTerm], {
    nullable: true,
    description:
      'For a search by personal attributes (fields then name the filters, e.g. Individual.filter.nationalId): what it looked for.',
  })
  search!: AuditedSearchTerm[] | null;
}

export const PersonalDataReadConnection = ConnectionType(PersonalDataRead, 'PersonalDataRead');
