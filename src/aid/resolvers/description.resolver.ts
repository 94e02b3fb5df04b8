import { FieldResolver, Resolver, Root } from 'type-graphql';
import type { Description as StoredDescription } from '../../../connectors/iati/types.js';
import { Code, codeOf, Description } from '../types/code.type.js';

/** A description is stored as published (its type a bare code); the graph shows the type as a Code. */
@Resolver(() => Description)
export class DescriptionResolver {
  @FieldResolver(() => Code, { nullable: true, description: 'The description type (IATI DescriptionType: 1 general, 2 objectives…).' })
  type(@Root() description: StoredDescription): Code | null {
    return codeOf('DescriptionType', description.type);
  }
}
