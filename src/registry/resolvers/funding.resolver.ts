import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RegistryContext } from '../context.js';
import { budgetReference } from '../funding-query.js';
import { FundingActivity, FundingCoaCode } from '../types/external.type.js';
import { Programme, ProgrammeFundingSource } from '../types/programme.type.js';

const codeKey = (code: FundingCoaCode) => `${code.country}|${code.segment}|${code.code}`;

/** A funding source as the entity it names: finance's chart code or aid's activity, resolved where they live. */
@Resolver(() => ProgrammeFundingSource)
export class FundingSourceResolver {
  @FieldResolver(() => FundingCoaCode, {
    nullable: true,
    description: 'budget: the code of the programme’s country’s chart, with its budget and lines (null for other kinds).',
  })
  budgetCode(@Root() source: ProgrammeFundingSource): FundingCoaCode | null {
    const reference = source.kind === 'budget' ? budgetReference(source.reference) : null;
    return reference ? { country: source.country, ...reference } : null;
  }

  @FieldResolver(() => FundingActivity, { nullable: true, description: 'aid: the donor activity (null for other kinds).' })
  activity(@Root() source: ProgrammeFundingSource): FundingActivity | null {
    return source.kind === 'aid' ? { iatiIdentifier: source.reference } : null;
  }
}

@Resolver(() => FundingCoaCode)
export class CoaCodeProgrammesResolver {
  @Authorized()
  @FieldResolver(() => [Programme], {
    description: 'Social-protection programmes paid from this budget code or a code below it (their funding names it).',
  })
  async programmes(@Root() code: FundingCoaCode, @Ctx() ctx: RegistryContext): Promise<Programme[]> {
    return ctx.loaders.programmesUnderCode.load(codeKey(code));
  }
}

@Resolver(() => FundingActivity)
export class ActivityProgrammesResolver {
  @Authorized()
  @FieldResolver(() => [Programme], { description: 'Social-protection programmes this donor activity funds.' })
  async programmes(@Root() activity: FundingActivity, @Ctx() ctx: RegistryContext): Promise<Programme[]> {
    return ctx.loaders.programmesOfActivity.load(activity.iatiIdentifier);
  }
}
