import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/**
 * Money and shares are exact decimals: serialised as strings ("1234.50"), never floats, so a
 * client in Excel or Python gets back exactly what the publisher wrote.
 */
const DECIMAL = /^-?\d+(\.\d+)?$/;

export const Decimal = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number, as a string (e.g. "1234.50"). Never rounded through binary floating point.',
  serialize(value) {
    const text = String(value);
    if (!DECIMAL.test(text)) throw new GraphQLError(`Decimal cannot represent ${text}`);
    return text;
  },
  parseValue(value) {
    if (typeof value !== 'string' || !DECIMAL.test(value)) throw new GraphQLError('Decimal must be a string such as "1234.50"');
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || !DECIMAL.test(ast.value)) throw new GraphQLError('Decimal must be a string such as "1234.50"');
    return ast.value;
  },
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A day of the calendar: `Date.parse` would take 2025-02-30 as 2 March. */
export function isCalendarDay(text: string): boolean {
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !DATE.test(value) || !isCalendarDay(value)) {
    throw new GraphQLError('Date must be a calendar date as "YYYY-MM-DD"');
  }
  return value;
}

export const LocalDate = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, "YYYY-MM-DD", with no time zone.',
  serialize: (value) => String(value),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

/** PostgreSQL's `2021-06-15 10:00:00+00` (as both drivers return timestamptz) → ISO 8601. */
export function isoInstant(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  const normalised = value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const instant = new Date(normalised);
  return Number.isNaN(instant.getTime()) ? value : instant.toISOString();
}

export const DateTime = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An instant in ISO 8601, UTC (e.g. "2021-06-15T10:00:00.000Z").',
  serialize: (value) => isoInstant(value as string | Date) ?? '',
  parseValue(value) {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new GraphQLError('DateTime must be an ISO 8601 instant');
    return new Date(value).toISOString();
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || Number.isNaN(Date.parse(ast.value))) throw new GraphQLError('DateTime must be an ISO 8601 instant');
    return new Date(ast.value).toISOString();
  },
});
