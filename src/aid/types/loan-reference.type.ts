import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Finance's loan, to which aid adds the activities it finances (resolved from the identifiers finance names). */
@Directive('@key(fields: "id")')
@ObjectType('Loan', { simpleResolvers: true })
export class LoanReference {
  @Field(() => ID)
  id!: string;

  @Directive('@external')
  @Field(() => [String])
  activityIdentifiers!: string[];
}
