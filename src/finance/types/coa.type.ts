import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { DateTime } from '../../graphql/scalars.js';
import type { CoaSegmentShape, FinanceCountryShape } from '../../mapping/admin/graph-shapes.js';

@ObjectType({ description: 'A country the hub holds a chart of accounts for, with its fiscal calendar.' })
export class FinanceCountry implements FinanceCountryShape {
  @Field(() => String, { description: 'ISO 3166 alpha-2.' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'Currency of the national budget (ISO 4217).' })
  currency!: string;

  @Field(() => Int, { description: 'Month the fiscal year starts (1 = January).' })
  fiscalYearStartMonth!: number;

  @Field(() => Int, { description: 'The current version of its chart of accounts.' })
  chartVersion!: number;

  @Field(() => String, { description: '`load` (tributary coa load) or `reference` (an example shipped under mappings/coa/).' })
  chartOrigin!: string;
}

@ObjectType({ description: "One version of a country's chart of accounts: who loaded what, from where, and which codes it retired." })
export class CoaVersion {
  @Field(() => Int)
  version!: number;

  @Field(() => String, { description: '`load` or `reference`.' })
  origin!: string;

  @Field(() => String, { description: 'The folder or workbook it was loaded from.' })
  input!: string;

  @Field(() => String)
  loadedBy!: string;

  @Field(() => DateTime)
  loadedAt!: string;

  @Field(() => Int, { description: 'Codes new (or back from retirement) in this version.' })
  added!: number;

  @Field(() => Int, { description: 'Codes whose parent, level, names, alias or COFOG link changed.' })
  changed!: number;

  @Field(() => [String], { description: '`segment:code` of each code it retired although budget lines or mapping rules used it.' })
  retiredCodes!: string[];
}

@ObjectType({ description: 'One segment of a chart of accounts: administrative, economic, functional, programme, fund, location…' })
export class CoaSegment implements CoaSegmentShape {
  @Field(() => String, { description: 'Its id in queries and column maps, e.g. "functional".' })
  id!: string;

  @Field(() => String, { description: 'administrative, economic, functional, programme, fund, location or other.' })
  kind!: string;

  @Field(() => String)
  name!: string;

  @Field(() => [String], { description: 'Names of its hierarchy levels, top first.' })
  levels!: string[];

  @Field(() => String, { nullable: true, description: 'A shared classification it uses (cofog, gfs2014-economic).' })
  classification!: string | null;

  @Field(() => Boolean, { description: 'Any code is accepted (e.g. investment-project keys).' })
  open!: boolean;

  country!: string;
}

@Directive('@key(fields: "country segment code")')
@ObjectType({
  description:
    'A code of a chart-of-accounts segment: an entity other subgraphs extend (the aid mapped to it, the programmes it funds) and refer to by country, segment and code.',
})
export class CoaCode {
  @Field(() => String, { description: 'ISO 3166 alpha-2 of the chart.' })
  country!: string;

  @Field(() => String)
  code!: string;

  @Field(() => String, { description: 'The segment id.' })
  segment!: string;

  @Field(() => Int, { nullable: true, description: '1 = top level; null for a code of an open segment that no list names.' })
  level!: number | null;

  parentCode!: string | null;
  names!: { name: string | null; en: string | null; fr: string | null; es: string | null };
}
