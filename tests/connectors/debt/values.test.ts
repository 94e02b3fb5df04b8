import { describe, expect, it } from 'vitest';
import { compileDateFormat } from '../../../connectors/formats/dates.js';
import { readAmount } from '../../../connectors/formats/numbers.js';

/** The cell readers of the debt connector, table-driven. */
describe('reading dates in a declared format', () => {
  it.each([
    ['MM/DD/YYYY hh:mm:ss AM', '05/31/2023 12:00:00 AM', '2023-05-31'],
    ['MM/DD/YYYY hh:mm:ss AM', '02/29/2024 11:59:59 PM', '2024-02-29'],
    ['MM/DD/YYYY hh:mm:ss AM', '02/29/2023 12:00:00 AM', null],
    ['MM/DD/YYYY hh:mm:ss AM', '05/31/2023 13:00:00 AM', null],
    ['MM/DD/YYYY hh:mm:ss AM', '05/31/2023', null],
    ['MM/DD/YYYY hh:mm:ss AM', '31/05/2023 12:00:00 AM', null],
    ['YYYY-MM-DD', '2025-09-30', '2025-09-30'],
    ['YYYY-MM-DD', '2025-9-30', null],
    ['DD.MM.YYYY HH:mm', '01.07.2019 23:05', '2019-07-01'],
    ['DD.MM.YYYY HH:mm', '01.07.2019 24:05', null],
    ['D/M/YYYY', '1/7/2019', '2019-07-01'],
  ])('%s reads %j as %s', (format, text, expected) => {
    expect(compileDateFormat(format)(text)).toBe(expected);
  });

  it.each([
    ['DD/MM', /has no year/],
    ['YYYY-MM-DD hh:mm', /hh goes with AM/],
    ['YYYY-MM-DD-DD', /names the day twice/],
  ])('refuses the format %s', (format, message) => {
    expect(() => compileDateFormat(format)).toThrow(message);
  });
});

describe('reading amounts as exact decimal text', () => {
  it.each([
    ['191044211.75', {}, '191044211.75'],
    ['-0.01', {}, '-0.01'],
    ['250000000', {}, '250000000'],
    [' 99,305,000 ', { thousands: ',' }, '99305000'],
    ['1.234.567,89', { thousands: '.', decimal: ',' }, '1234567.89'],
    ['1,5', { decimal: ',' }, '1.5'],
    ['0.1000000000000000055511151231257827', {}, '0.1000000000000000055511151231257827'],
    ['1e6', {}, null],
    ['12,5OO', {}, null],
    ['', {}, null],
    ['1.5', { decimal: ',' }, null],
  ])('reads %j with %j as %j', (text, format, expected) => {
    expect(readAmount(text, format)).toBe(expected);
  });
});
