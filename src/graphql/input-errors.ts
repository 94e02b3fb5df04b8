import { GraphQLError } from 'graphql';

/**
 * PostgreSQL's class 22 ("data exception": invalid text for a number, a number out of range, an
 * impossible date) raised while a resolver runs means the client's value did not fit the column
 * it was compared with — say so as BAD_USER_INPUT naming the arguments, instead of letting it
 * become INTERNAL_SERVER_ERROR. (IDs are text in the graph and numbers in some tables: `id: "abc"`.)
 */
function sqlState(error: unknown): string | null {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 4; depth += 1) {
    const { sqlState: state, code } = current as { sqlState?: unknown; code?: unknown };
    for (const candidate of [state, code]) if (typeof candidate === 'string' && /^[0-9A-Z]{5}$/.test(candidate)) return candidate;
    current = (current as { cause?: unknown; previous?: unknown }).cause ?? (current as { previous?: unknown }).previous;
  }
  return null;
}

export function inputErrorOf(error: unknown, field: string, args: Readonly<Record<string, unknown>>): GraphQLError | null {
  if (error instanceof GraphQLError) return null;
  if (!sqlState(error)?.startsWith('22')) return null;
  const names = Object.keys(args);
  const where = names.length === 1 ? `argument ${names[0]} of ${field}` : `an argument of ${field} (${names.join(', ')})`;
  return new GraphQLError(`${where} is not a value this field can take: check its type and range`, {
    extensions: { code: 'BAD_USER_INPUT', argument: where },
  });
}
