import { Directive, Field, Int, ObjectType } from 'type-graphql';

@Directive('@key(fields: "code")')
@ObjectType({ description: 'An admin area of the registries: region → district → traditional authority → village.' })
export class AdminArea {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Int, { description: '1 for the top level (region).' })
  level!: number;

  @Field(() => String, { nullable: true })
  parent!: string | null;
}
