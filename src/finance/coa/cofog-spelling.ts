/**
 * COFOG codes as national systems write them: "07.2.1" (the classification's own spelling),
 * "0721" (without dots) or "721" (without the division's leading zero). The digits are cut
 * as division (two digits), group and class (one each); a leading zero may be missing. Of the
 * readings, the first the classification knows wins: groups and classes never start at 0 in the
 * division digits' place, so at most one reading is a real code.
 */
export function cofogReadings(written: string): string[] {
  const digits = written.trim().replaceAll('.', '');
  if (!/^\d{1,4}$/.test(digits)) return [];
  const split = (d: string): string | null => {
    if (d.length < 2 || d.length > 4) return null;
    return [d.slice(0, 2), ...d.slice(2).split('')].join('.');
  };
  return [split(digits), split(`0${digits}`)].filter((reading): reading is string => reading !== null);
}

/** The COFOG code `written` stands for, or null when no reading of it is in `known`. */
export function cofogCode(written: string, known: { has(code: string): boolean }): string | null {
  if (known.has(written)) return written;
  return cofogReadings(written).find((reading) => known.has(reading)) ?? null;
}
