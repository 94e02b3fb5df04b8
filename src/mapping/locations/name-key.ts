import { sql, type RawBuilder } from 'kysely';

/**
 * A place name as matching compares it: lower case, accents removed, anything but letters and
 * digits one space, a trailing "district" dropped ("Machinga District" and "machinga" are one).
 * Only the part before the first comma counts ("Dowa, Malawi" is Dowa). Written in SQL (no
 * extension: `unaccent` is not on every server) so matching stays one statement.
 */
const ACCENTED = 'áàâäãåāéèêëēíìîïīóòôöõōøúùûüūñçýÿ';
const PLAIN = 'aaaaaaaeeeeeiiiiiooooooouuuuuncyy';

export function nameKey(expression: RawBuilder<string | null>): RawBuilder<string | null> {
  const folded = sql`translate(lower(split_part(${expression}, ',', 1)), ${ACCENTED}, ${PLAIN})`;
  return sql<string | null>`nullif(regexp_replace(trim(regexp_replace(${folded}, '[^a-z0-9]+', ' ', 'g')), '( district)+$', ''), '')`;
}
