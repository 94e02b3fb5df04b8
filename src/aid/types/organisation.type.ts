import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/pagination.js';

/**
 * An organisation seen in IATI data. Its id is its IATI organisation identifier, or
 * `name:<lower-cased name>` for organisations published without one.
 */
@Directive('@key(fields: "id")')
@ObjectType({ simpleResolvers: true, description: 'An organisation named in IATI data: donor, implementer, ministry, recipient.' })
export class Organisation {
  @Field(() => ID, { description: 'IATI organisation identifier, or "name:<name>" when it was published without one.' })
  id!: string;

  @Field(() => String, { nullable: true })
  ref!: string | null;

  @Field(() => String, { nullable: true })
  name!: string | null;
}

export const OrganisationConnection = ConnectionType(Organisation, 'Organisation');
