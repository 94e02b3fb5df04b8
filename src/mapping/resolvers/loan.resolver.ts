import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { MappingContext } from '../context.js';
import { CoaAssignment } from '../types/assignment.type.js';
import { MappedLoan } from '../types/external.type.js';

@Resolver(() => MappedLoan)
export class LoanCoaResolver {
  @FieldResolver(() => [CoaAssignment], {
    description:
      'The national programme or project (or any code) `loan` rules place this loan in, so budget lines coded there can be read beside it.',
  })
  async coa(@Root() loan: MappedLoan, @Ctx() ctx: MappingContext): Promise<CoaAssignment[]> {
    const rules = await ctx.loaders.loanRules.load(loan.id);
    return rules.map((rule) => ({ ...rule, own: true }));
  }
}
