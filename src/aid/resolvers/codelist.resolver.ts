import { sql } from 'kysely';
import { Arg, Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { kysely } from '../../db/orm.js';
import type { AidContext } from '../context.js';

@ObjectType({ description: 'One entry of a codelist.' })
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

@ObjectType({ description: 'An IATI codelist as shipped with the hub (see mappings/iati-codelists/SOURCES.md).' })
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

@Resolver(() => Codelist)
export class CodelistResolver {
  @Query(() => [Codelist])
  async codelists(@Ctx() ctx: AidContext): Promise<Codelist[]> {
    const { rows } =
      await sql<Codelist>`select name, complete, embedded, category_codelist as "categoryCodelist" from aid_codelist order by name`.execute(
        kysely(ctx.em),
      );
    return rows;
  }

  @Query(() => Codelist, { nullable: true, description: 'A codelist by name, e.g. "Sector", "TransactionType".' })
  async codelist(@Ctx() ctx: AidContext, @Arg('name', () => String) name: string): Promise<Codelist | null> {
    const { rows } =
      await sql<Codelist>`select name, complete, embedded, category_codelist as "categoryCodelist" from aid_codelist where name = ${name}`.execute(
        kysely(ctx.em),
      );
    return rows[0] ?? null;
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
