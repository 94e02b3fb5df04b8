import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { coaCodeStub, type CoaCodeKey } from '../../graphql/entity-stubs.js';
import { LocalDate } from '../../graphql/scalars.js';

/** Aid's entities the mapping domain adds fields to. */
@Directive('@key(fields: "iatiIdentifier")')
@ObjectType('Activity')
export class MappedActivity {
  @Field(() => ID)
  iatiIdentifier!: string;
}

@Directive('@key(fields: "id")')
@ObjectType('Transaction')
export class MappedTransaction {
  @Field(() => ID)
  id!: string;

  @Directive('@external')
  @Field(() => LocalDate)
  date!: string;
}

/** Finance's loan: its national programme or project comes from `loan` rules. */
@Directive('@key(fields: "id")')
@ObjectType('Loan')
export class MappedLoan {
  @Field(() => ID)
  id!: string;
}

/** The registries' admin area: its place in the national chart's location segment comes from `admin-area` rules. */
@Directive('@key(fields: "code")')
@ObjectType('AdminArea')
export class MappedAdminArea {
  @Field(() => String)
  code!: string;
}

/** Finance's chart code: the aid placed at it or below comes from the mapping rules (one stub, shared with the registry). */
export const MappedCoaCode = coaCodeStub();
export type MappedCoaCode = CoaCodeKey;

/** Finance's budget line: the aid beside it is what the rules place in its codes. */
@Directive('@key(fields: "id")')
@ObjectType('BudgetLine')
export class MappedBudgetLine {
  @Field(() => ID)
  id!: string;
}

/** Aid's organisation: the national entity (administrative code) its `org-ref` or `org-name` rules map it to. */
@Directive('@key(fields: "id")')
@ObjectType('Organisation')
export class MappedOrganisation {
  @Field(() => ID)
  id!: string;

  @Directive('@external')
  @Field(() => String, { nullable: true })
  name!: string | null;
}

/** Aid's activity location: the registry district it is matched to comes from the mapping domain. */
@Directive('@key(fields: "id")')
@ObjectType('ActivityLocation')
export class MappedActivityLocation {
  @Field(() => ID)
  id!: string;
}
