import { Field, Int, ObjectType } from 'type-graphql';
import { Decimal } from '../../graphql/scalars.js';
import { MappedCoaCode } from './external.type.js';

@ObjectType({ description: 'A national entity an organisation is mapped to by an org-ref or org-name rule.' })
export class OrganisationEntity {
  @Field(() => String) country!: string;
  @Field(() => String, { description: 'The segment of the chart (administrative).' }) segment!: string;
  @Field(() => String, { description: 'Its code in that segment (a vote or a cost centre).' }) code!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The name an administrator gave the entity, where one did (else see chartCode.name).',
  })
  entityName!: string | null;
  @Field(() => MappedCoaCode, { description: 'The code in finance’s chart: its name, budget and lines.' }) chartCode!: MappedCoaCode;
  @Field(() => Decimal, { description: 'Per cent of the organisation’s money the rule places there.' }) share!: string;
  @Field(() => String, { description: 'org-ref (its IATI identifier) or org-name (its name).' }) matchedOn!: string;
  @Field(() => Int) ruleId!: number;
  @Field(() => Int, { nullable: true }) validFrom!: number | null;
  @Field(() => Int, { nullable: true }) validTo!: number | null;
}
