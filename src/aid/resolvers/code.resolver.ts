import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { AidContext } from '../context.js';
import { Code } from '../types/code.type.js';

@Resolver(() => Code)
export class CodeResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'The name in the codelist (English, or French with lang: "fr"); null for codes outside IATI codelists.',
  })
  async name(
    @Root() code: Code,
    @Ctx() ctx: AidContext,
    @Arg('lang', () => String, { defaultValue: 'en' }) lang: string,
  ): Promise<string | null> {
    const entry = await ctx.loaders.codeName.load(`${code.codelist}|${code.code}`);
    if (!entry) return null;
    return lang.toLowerCase() === 'fr' && entry.nameFr ? entry.nameFr : entry.name;
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: 'The code is withdrawn from its codelist; null when the code is not in one.',
  })
  async withdrawn(@Root() code: Code, @Ctx() ctx: AidContext): Promise<boolean | null> {
    return (await ctx.loaders.codeName.load(`${code.codelist}|${code.code}`))?.withdrawn ?? null;
  }
}
