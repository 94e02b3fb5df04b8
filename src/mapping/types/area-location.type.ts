import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Where an admin area sits in the national chart of accounts’ location segment.' })
export class AreaLocation {
  @Field(() => String)
  country!: string;

  @Field(() => String, { description: 'The location segment code (IFMIS).' })
  code!: string;

  @Field(() => String, { nullable: true, description: 'Its name in the chart of accounts.' })
  name!: string | null;

  @Field(() => String, { description: 'The area the rule is written for: this one, or the nearest one above it.' })
  mappedArea!: string;

  @Field(() => Int, { description: 'The admin-area rule.' })
  ruleId!: number;
}
