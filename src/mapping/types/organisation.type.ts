import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Decimal } from '../../graphql/scalars.js';
import type { AmountInCurrencyShape, EntitySuggestionShape, UnmappedOrganisationShape } from '../admin/graph-shapes.js';

@ObjectType({
  description:
    'A ministry, department or agency organisations are mapped to (a vote of the administrative segment, or one an administrator added).',
})
export class NationalEntityType {
  @Field(() => String)
  country!: string;

  @Field(() => String, { description: 'Its administrative code.' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => [String], { description: 'Other names it is known by, for suggestions.' })
  aliases!: string[];

  @Field(() => String, { description: 'coa (from the chart of accounts) or admin.' })
  origin!: string;
}

@ObjectType({ description: 'A national entity an organisation may be, by name similarity; never applied without approval.' })
export class EntitySuggestion implements EntitySuggestionShape {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Float, { description: '0–1.' })
  score!: number;

  @Field(() => String, { description: 'name or alias.' })
  matchedOn!: string;
}

@ObjectType()
export class AmountInCurrency implements AmountInCurrencyShape {
  @Field(() => String)
  currency!: string;

  @Field(() => Decimal)
  amount!: string;
}

@ObjectType({
  description: 'An organisation no rule maps to an administrative code, the money it leaves unmapped, and suggested entities.',
})
export class UnmappedOrganisation implements UnmappedOrganisationShape {
  @Field(() => String, { description: 'org-ref or org-name: what a rule approving a suggestion maps.' })
  sourceScheme!: string;

  @Field(() => String)
  sourceCode!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => [AmountInCurrency], { description: 'Disbursements and expenditures left unmapped, per currency.' })
  unmapped!: AmountInCurrency[];

  @Field(() => Int)
  activities!: number;

  @Field(() => [EntitySuggestion])
  suggestions!: EntitySuggestion[];
}
