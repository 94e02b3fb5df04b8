import { Arg, Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { EntityManager } from '../../db/orm.js';
import { aidDb } from '../db.js';
import type { AidContext } from '../context.js';

@ObjectType({ simpleResolvers: true, description: 'One entry of a codelist.' })
export class CodelistItem {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  nameFr!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Code of its category in the category codelist (e.g. DAC 3-digit for a 5-digit sector).',
  })
  category!: string | null;

  @Field(() => Boolean)
  withdrawn!: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'An IATI codelist as shipped with the hub (see mappings/iati-codelists/SOURCES.md).' })
export class Codelist {
  @Field(() => String)
  name!: string;

  @Field(() => Boolean, { description: 'Only codes in the list are valid.' })
  complete!: boolean;

  @Field(() => Boolean, { description: 'Part of the IATI Standard itself (as opposed to a replicated external list).' })
  embedded!: boolean;

  @Field(() => String, { nullable: true })
  categoryCodelist!: string | null;
}

function codelistQuery(em: EntityManager) {
  return aidDb(em).selectFrom('aid_codelist').select(['name', 'complete', 'embedded', 'category_codelist as categoryCodelist']);
}

@Resolver(() => Codelist)
export class CodelistResolver {
  @Query(() => [Codelist])
  async codelists(@Ctx() ctx: AidContext): Promise<Codelist[]> {
    return codelistQuery(ctx.em).orderBy('name').execute();
  }

  @Query(() => Codelist, { nullable: true, description: 'A codelist by name, e.g. "Sector", "TransactionType".' })
  async codelist(@Ctx() ctx: AidContext, @Arg('name', () => String) name: string): Promise<Codelist | null> {
    return (await codelistQuery(ctx.em).where('name', '=', name).executeTakeFirst()) ?? null;
  }

  @FieldResolver(() => [CodelistItem])
  async items(
    @Root() list: Codelist,
    @Ctx() ctx: AidContext,
    @Arg('search', () => String, { nullable: true, description: 'Text in the code or the name (English or French), ignoring case.' })
    search?: string,
    @Arg('includeWithdrawn', () => Boolean, { defaultValue: true }) includeWithdrawn?: boolean,
  ): Promise<CodelistItem[]> {
    const wanted = search?.toLowerCase();
    const items = await ctx.loaders.codelistItems.load(list.name);
    return items.filter(
      (i) =>
        (includeWithdrawn !== false || !i.withdrawn) &&
        (!wanted || [i.code, i.name, i.nameFr ?? ''].some((text) => text.toLowerCase().includes(wanted))),
    );
  }
}
