import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * Entities of other subgraphs the registry refers to and extends: a code of finance's chart of
 * accounts (the budget a programme is paid from) and aid's activity (a donor's funding). The
 * registry adds the programmes each funds; everything else resolves in the owning subgraph.
 */
@Directive('@key(fields: "country segment code")')
@ObjectType('CoaCode')
export class FundingCoaCode {
  @Field(() => String)
  country!: string;

  @Field(() => String)
  code!: string;

  @Field(() => String)
  segment!: string;
}

@Directive('@key(fields: "iatiIdentifier")')
@ObjectType('Activity')
export class FundingActivity {
  @Field(() => ID)
  iatiIdentifier!: string;
}
