import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { coaCodeStub, type CoaCodeKey } from '../../graphql/entity-stubs.js';

/**
 * Entities of other subgraphs the registry refers to and extends: a code of finance's chart of
 * accounts (the budget a programme is paid from) and aid's activity (a donor's funding). The
 * registry adds the programmes each funds; everything else resolves in the owning subgraph.
 */
export const FundingCoaCode = coaCodeStub();
export type FundingCoaCode = CoaCodeKey;

@Directive('@key(fields: "iatiIdentifier")')
@ObjectType('Activity')
export class FundingActivity {
  @Field(() => ID)
  iatiIdentifier!: string;
}
