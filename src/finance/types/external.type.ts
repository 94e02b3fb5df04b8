import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Decimal, LocalDate } from '../../graphql/scalars.js';

/**
 * Entities of other subgraphs that finance extends. Finance adds fields; the owning subgraph
 * resolves everything else. `@external` fields are the ones finance reads through `@requires`.
 */
@Directive('@key(fields: "iatiIdentifier")')
@ObjectType('Activity')
export class ActivityReference {
  @Field(() => ID)
  iatiIdentifier!: string;
}

/**
 * What finance reads of an aid amount to convert it. Not a type of the graph itself (nothing
 * refers to it): the entities below inherit its fields.
 */
@ObjectType('AidAmountReference')
class AidAmountReference {
  @Field(() => ID)
  id!: string;

  @Directive('@external')
  @Field(() => Decimal)
  value!: string;

  @Directive('@external')
  @Field(() => String)
  currency!: string;

  @Directive('@external')
  @Field(() => LocalDate, { nullable: true })
  valueDate!: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType('Transaction')
export class TransactionReference extends AidAmountReference {
  @Directive('@external')
  @Field(() => LocalDate)
  date!: string;
}

/** An IATI activity budget (aid's `Budget`): an amount for a period. */
@Directive('@key(fields: "id")')
@ObjectType('Budget')
export class ActivityBudgetReference extends AidAmountReference {
  @Directive('@external')
  @Field(() => LocalDate)
  periodStart!: string;
}

/** A planned disbursement of an IATI activity (aid's `PlannedDisbursement`). */
@Directive('@key(fields: "id")')
@ObjectType('PlannedDisbursement')
export class PlannedDisbursementReference extends ActivityBudgetReference {}

/** Stub of the sync subgraph's import run. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('ImportRun')
export class ImportRunReference {
  @Field(() => ID)
  id!: string;
}
