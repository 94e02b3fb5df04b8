import { Decimal } from 'decimal.js';

/**
 * US dollars per unit of each demo loan currency, by calendar year: annual averages of the IMF's
 * monthly SDR rates (../shared/data/iati/exchange-rates/currency_monthlyaverage.json, whose
 * values are SDR per unit), rounded to four significant figures. Years after the last one use it:
 * projected and scheduled flows are valued at the latest rate, as a debt system does.
 */
const USD_PER_UNIT: Readonly<Record<string, readonly number[]>> = {
  // 2005 … 2025
  XDR: [
    1.477, 1.471, 1.53, 1.579, 1.54, 1.525, 1.579, 1.532, 1.52, 1.519, 1.399, 1.39, 1.386, 1.416, 1.382, 1.393, 1.424, 1.337, 1.335, 1.328,
    1.319,
  ],
  EUR: [
    1.243, 1.255, 1.37, 1.467, 1.391, 1.326, 1.391, 1.285, 1.328, 1.328, 1.109, 1.106, 1.128, 1.181, 1.12, 1.14, 1.183, 1.052, 1.082, 1.082,
    1.065,
  ],
  CNY: [
    0.1221, 0.1254, 0.1315, 0.144, 0.1464, 0.1477, 0.1548, 0.1585, 0.1614, 0.1628, 0.1606, 0.1506, 0.148, 0.1513, 0.1448, 0.1449, 0.1551,
    0.1486, 0.1414, 0.139, 0.1372,
  ],
  KWD: [
    3.425, 3.446, 3.518, 3.721, 3.474, 3.488, 3.624, 3.572, 3.526, 3.514, 3.324, 3.31, 3.297, 3.311, 3.294, 3.265, 3.315, 3.265, 3.256,
    3.261, 3.245,
  ],
  // Pegged: 3.75 riyals and 3.6725 dirhams to the dollar.
  SAR: Array.from({ length: 21 }, () => 0.2667),
  AED: Array.from({ length: 21 }, () => 0.2723),
  USD: Array.from({ length: 21 }, () => 1),
};

const FIRST_YEAR = 2005;

/** The demo's rate for `currency` on `date` (`YYYY-MM-DD`): the year's average, moved by a small monthly wobble. */
export function usdRate(currency: string, date: string, wobble: number): Decimal {
  const rates = USD_PER_UNIT[currency];
  if (!rates) throw new Error(`no demo exchange rate for ${currency}`);
  const year = Number(date.slice(0, 4));
  const index = Math.max(0, Math.min(rates.length - 1, year - FIRST_YEAR));
  const base = new Decimal(rates[index] ?? 1);
  return currency === 'USD' ? base : base.times(new Decimal(1).plus(new Decimal(wobble).toDecimalPlaces(4)));
}

/** `amount` (exact decimal text) in US dollars at `rate`, to the cent. */
export function toUsd(amount: string, rate: Decimal): string {
  return new Decimal(amount).times(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);
}

export const DEMO_CURRENCIES = Object.keys(USD_PER_UNIT);
