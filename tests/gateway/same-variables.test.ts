import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SameVariables } from '../../src/gateway/same-variables.js';

const page = parse('query Page($first: Int!, $filter: ActivityFilter) { activities(first: $first, filter: $filter) { totalCount } }');

describe('the same variables object for the same values of the same operation', () => {
  it('hands one object for equal values, another for other values or another operation', () => {
    const same = new SameVariables();
    const first = same.of(page, 'Page', { first: 10, filter: { recipientCountry: ['KE'] } });
    expect(same.of(page, 'Page', { first: 10, filter: { recipientCountry: ['KE'] } })).toBe(first);
    expect(same.of(page, 'Page', { first: 11, filter: { recipientCountry: ['KE'] } })).not.toBe(first);
    expect(same.of(page, 'Other', { first: 10, filter: { recipientCountry: ['KE'] } })).not.toBe(first);
    expect(same.of(parse('query Page($first: Int!) { activities(first: $first) { totalCount } }'), 'Page', { first: 10 })).not.toBe(first);
    expect(first).toEqual({ first: 10, filter: { recipientCountry: ['KE'] } });
  });

  it("hands a frozen copy, never the caller's object, so no request can change what another is given", () => {
    const same = new SameVariables();
    const mine = { first: 10, filter: { recipientCountry: ['KE'] } };
    const handed = same.of(page, 'Page', mine)!;
    expect(handed).not.toBe(mine);
    mine.filter.recipientCountry.push('UG');
    expect(handed).toEqual({ first: 10, filter: { recipientCountry: ['KE'] } });
    expect(() => {
      (handed.filter as { recipientCountry: string[] }).recipientCountry.push('TZ');
    }).toThrow(TypeError);
    expect(() => {
      handed.first = 1000;
    }).toThrow(TypeError);
  });

  it('passes large values and absent variables through as they came, and forgets the oldest of many value sets', () => {
    const same = new SameVariables();
    const large = { first: 10, filter: { recipientCountry: Array.from({ length: 1000 }, (_, i) => `C${i}`) } };
    expect(same.of(page, 'Page', large)).toBe(large);
    expect(same.of(page, 'Page', undefined)).toBeUndefined();
    expect(same.of(page, 'Page', null)).toBeUndefined();
    const firstOne = same.of(page, 'Page', { first: 0 });
    for (let n = 1; n <= 32; n += 1) same.of(page, 'Page', { first: n });
    expect(same.of(page, 'Page', { first: 0 })).not.toBe(firstOne);
    expect(same.of(page, 'Page', { first: 32 })).toBe(same.of(page, 'Page', { first: 32 }));
  });
});
