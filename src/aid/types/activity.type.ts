import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Decimal, LocalDate } from '../../graphql/scalars.js';
import { Code, Description, ImportWarning, Narrative } from './code.type.js';

/**
 * An activity as the hub shows it: the content of its authoritative report. Nested lists
 * (transactions, sectors…) are resolved by the resolvers through request-scoped loaders.
 */
@Directive('@key(fields: "iatiIdentifier")')
@ObjectType({ simpleResolvers: true, description: 'An aid activity (IATI), as reported by its authoritative publisher.' })
export class Activity {
  @Field(() => ID, { description: 'The IATI activity identifier, e.g. "GB-GOV-1-300123".' })
  iatiIdentifier!: string;

  @Field(() => Boolean, {
    description: 'True when a 1.0x file gave no identifier and one was built from the reporting org and other-identifier.',
  })
  identifierSynthesized!: boolean;

  @Field(() => [Narrative], { description: 'The title in every language published.' })
  titles!: Narrative[];

  @Field(() => [Description])
  descriptions!: Description[];

  @Field(() => String, { nullable: true, description: 'The currency of values that do not name one.' })
  defaultCurrency!: string | null;

  @Field(() => String, { nullable: true, description: 'Language of narratives that do not name one.' })
  defaultLang!: string | null;

  @Field(() => Int, { nullable: true, description: 'Hierarchy level (1 = parent programme, 2 = project…).' })
  hierarchy!: number | null;

  @Field(() => Boolean, { nullable: true })
  humanitarian!: boolean | null;

  @Field(() => Decimal, { nullable: true, description: 'Share of the activity that is capital spending, in percent.' })
  capitalSpend!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the activity has conditions attached.' })
  conditionsAttached!: boolean | null;

  @Field(() => String, { description: 'The IATI version that applied when the activity was read.' })
  iatiVersion!: string;

  @Field(() => [ImportWarning], { description: 'What the import noticed but accepted (translated 1.0x codes, withdrawn codes…).' })
  warnings!: ImportWarning[];
}

@ObjectType({
  simpleResolvers: true,
  description: 'The activity dates as published; start and end take the actual date when there is one.',
})
export class ActivityDates {
  @Field(() => LocalDate, { nullable: true })
  plannedStart!: string | null;

  @Field(() => LocalDate, { nullable: true })
  actualStart!: string | null;

  @Field(() => LocalDate, { nullable: true })
  plannedEnd!: string | null;

  @Field(() => LocalDate, { nullable: true })
  actualEnd!: string | null;

  @Field(() => LocalDate, { nullable: true })
  start!: string | null;

  @Field(() => LocalDate, { nullable: true })
  end!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'An organisation as one record names it.' })
export class OrgReference {
  @Field(() => String, { nullable: true, description: 'IATI organisation identifier.' })
  ref!: string | null;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => Code, { nullable: true, description: 'Organisation type (OrganisationType codelist).' })
  type!: Code | null;

  @Field(() => String, { nullable: true, description: "The organisation's own identifier of this activity." })
  activityId!: string | null;

  /** Key into the organisation directory (ref, else name); resolved to `organisation`. */
  key!: string | null;
}

@ObjectType({ simpleResolvers: true })
export class ParticipatingOrg extends OrgReference {
  @Field(() => Code, { nullable: true, description: 'OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing.' })
  role!: Code | null;

  @Field(() => String, { nullable: true })
  crsChannelCode!: string | null;
}

@ObjectType({ simpleResolvers: true })
export class RecipientCountry {
  @Field(() => Code)
  country!: Code;

  @Field(() => Decimal, { nullable: true, description: 'Share of the activity, in percent, exactly as published.' })
  percentage!: string | null;
}

@ObjectType({ simpleResolvers: true })
export class RecipientRegion {
  @Field(() => Code)
  region!: Code;

  @Field(() => Code, { description: 'RegionVocabulary: 1 OECD DAC, 2 UN, 99 reporting organisation.' })
  vocabulary!: Code;

  @Field(() => Decimal, { nullable: true })
  percentage!: string | null;
}

export enum SectorLevel {
  ACTIVITY = 'ACTIVITY',
  TRANSACTION = 'TRANSACTION',
}
registerEnumType(SectorLevel, { name: 'SectorLevel', description: 'Where the publisher gave the sector.' });

@ObjectType({ simpleResolvers: true, description: 'A sector classification with its share.' })
export class Sector {
  @Field(() => Code, {
    description:
      "SectorVocabulary: 1 DAC 5-digit, 2 DAC 3-digit, 7/8 SDG goals/targets, 10 humanitarian clusters, 98/99 the publisher's own…",
  })
  vocabulary!: Code;

  @Field(() => Code, { description: 'The sector code; named from its codelist where IATI has one for the vocabulary.' })
  code!: Code;

  @Field(() => Decimal, { nullable: true, description: 'Share in percent; null for transaction-level sectors shown on the activity.' })
  percentage!: string | null;

  @Field(() => SectorLevel)
  level!: SectorLevel;

  @Field(() => String, { nullable: true, description: 'The name the publisher wrote, if any.' })
  narrative!: string | null;
}

@ObjectType({ simpleResolvers: true, description: "A country-budget-item: the publisher's own mapping to a budget classification." })
export class CountryBudgetItem {
  @Field(() => Code, {
    description:
      'BudgetIdentifierVocabulary: 1 IATI (withdrawn), 2 country chart of accounts, 3 other country system, 4 reporting organisation, 5 other.',
  })
  vocabulary!: Code;

  @Field(() => Code)
  code!: Code;

  @Field(() => Decimal, { nullable: true })
  percentage!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;
}

@ObjectType({ simpleResolvers: true })
export class RelatedActivity {
  @Field(() => Code, { nullable: true, description: 'RelatedActivityType: 1 parent, 2 child, 3 sibling, 4 co-funded, 5 third party.' })
  type!: Code | null;

  @Field(() => String, { description: 'Identifier of the related activity.' })
  ref!: string;
}

@ObjectType({ simpleResolvers: true })
export class Condition {
  @Field(() => Code, { nullable: true })
  type!: Code | null;

  @Field(() => String, { nullable: true })
  text!: string | null;
}
