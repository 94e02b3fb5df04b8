import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { convert, money, rateOn, type Rate } from '../../src/finance/conversion.js';

const imf = (currency: string, date: string, rate: string): Rate => ({
  source: 'imf-monthly-average',
  currency,
  quote: 'XDR',
  period: 'month',
  date,
  rate,
});
const bank = (currency: string, date: string, rate: string): Rate => ({
  source: 'reserve-bank',
  currency,
  quote: 'MWK',
  period: 'day',
  date,
  rate,
});

const RATES: Rate[] = [
  imf('GBP', '2020-06-01', '0.9076193636'),
  imf('USD', '2020-06-01', '0.7248350455'),
  imf('GBP', '2020-05-01', '0.8900000000'),
  imf('USD', '2020-05-01', '0.7300000000'),
  bank('USD', '2020-06-15', '735.50'),
  bank('USD', '2020-06-12', '734.80'),
];

describe('currency conversion', () => {
  it('uses the transaction’s own rate before any table', () => {
    const result = convert(
      { amount: '1000', from: 'GBP', to: 'USD', date: '2020-06-15', ownRate: { rate: '1.25', source: 'reported' } },
      RATES,
      ['imf-monthly-average'],
    );
    expect(result).toMatchObject({ amount: '1250.00', rate: '1.25', method: 'own-rate', source: 'reported' });
  });

  it('uses the rate for the value date (the month, for monthly averages), through a common currency, and says which rates', () => {
    const result = convert({ amount: '1000', from: 'GBP', to: 'USD', date: '2020-06-15' }, RATES, ['imf-monthly-average']);
    const expected = new Decimal('0.9076193636').dividedBy('0.7248350455');
    expect(result?.method).toBe('value-date');
    expect(result?.amount).toBe(money(expected.times(1000)));
    expect(result?.rates.map((r) => `${r.currency}/${r.quote} ${r.date}`)).toEqual(['GBP/XDR 2020-06-01', 'USD/XDR 2020-06-01']);
  });

  it('falls back to the nearest earlier rate, and says so', () => {
    const result = convert({ amount: '10', from: 'USD', to: 'MWK', date: '2020-06-14' }, RATES, ['reserve-bank']);
    expect(result).toMatchObject({
      amount: '7348.00',
      method: 'nearest-earlier',
      rates: [expect.objectContaining({ date: '2020-06-12' })],
    });
    expect(rateOn([bank('USD', '2020-06-12', '1')], '2020-06-11')).toBeNull();
  });

  it('prefers an exact rate of a later-listed source to an earlier rate of the first', () => {
    const result = convert({ amount: '1', from: 'USD', to: 'MWK', date: '2020-06-15' }, RATES, ['reserve-bank', 'imf-monthly-average']);
    expect(result).toMatchObject({ method: 'value-date', source: 'reserve-bank', amount: '735.50' });
  });

  it('inverts a rate for the other direction and needs no rate for the same currency', () => {
    expect(convert({ amount: '735.50', from: 'MWK', to: 'USD', date: '2020-06-15' }, RATES, ['reserve-bank'])?.amount).toBe('1.00');
    expect(convert({ amount: '12.34', from: 'EUR', to: 'EUR', date: '2020-06-15' }, [], [])).toMatchObject({
      amount: '12.34',
      method: 'same-currency',
    });
    expect(convert({ amount: '1', from: 'EUR', to: 'USD', date: '2020-06-15' }, RATES, ['imf-monthly-average'])).toBeNull();
  });

  it('rounds half to even at the cent, in decimal, never through binary floating point', () => {
    expect(money('0.125')).toBe('0.12');
    expect(money('0.135')).toBe('0.14');
    expect(money('1e-10')).toBe('0.00');
    // 0.1 + 0.2 in floating point is 0.30000000000000004.
    expect(
      convert({ amount: '0.3', from: 'USD', to: 'MWK', date: '2020-06-15' }, [bank('USD', '2020-06-15', '0.1')], ['reserve-bank'])?.amount,
    ).toBe('0.03');
  });

  it('chains two sources through a pivot when neither prices both currencies (SDR → USD by the IMF, USD → MWK by the bank)', () => {
    const result = convert({ amount: '1000', from: 'XDR', to: 'MWK', date: '2020-06-15' }, RATES, ['reserve-bank', 'imf-monthly-average']);
    const rate = new Decimal(1).dividedBy('0.7248350455').times('735.50');
    expect(result).toMatchObject({
      amount: rate.times(1000).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2),
      method: 'value-date',
      source: 'imf-monthly-average + reserve-bank',
      rates: [RATES[1], RATES[4]],
    });
    // A day without a bank rate takes the nearest earlier one, and says so.
    expect(
      convert({ amount: '1', from: 'XDR', to: 'MWK', date: '2020-06-14' }, RATES, ['reserve-bank', 'imf-monthly-average']),
    ).toMatchObject({
      method: 'nearest-earlier',
      rates: [RATES[1], RATES[5]],
    });
    // One source that prices both currencies is used alone, before any chain.
    expect(
      convert({ amount: '1', from: 'GBP', to: 'USD', date: '2020-06-15' }, RATES, ['reserve-bank', 'imf-monthly-average'])?.source,
    ).toBe('imf-monthly-average');
  });
});
