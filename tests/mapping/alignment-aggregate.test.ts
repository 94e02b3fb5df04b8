import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActivityRecord, Transaction } from '../../connectors/iati/types.js';
import { TributaryError } from '../../src/errors.js';
import { aggregateAlignment, applyOverride, percent, type AlignmentComponent } from '../../src/mapping/alignment/aggregate.js';
import { evaluateAlignment, type AlignmentResult } from '../../src/mapping/alignment/evaluate.js';
import { parseAlignmentRules, type AlignmentFacts, type AlignmentRule } from '../../src/mapping/alignment/rules.js';
import { mappingsDir } from '../../src/paths.js';
import { iatiRecord } from '../support/iati-record.js';

/**
 * An activity's alignment from its real disbursements (DFID Tanzania, IFAD), evaluated with the
 * shipped rules. Receiver facts as in alignment-evaluate.test.ts: CRS channel 12000 is the
 * recipient government; "Excluded" and "Not available" receivers are unknown.
 */
const record = iatiRecord;

let rules: readonly AlignmentRule[];
beforeAll(() => {
  rules = parseAlignmentRules(readFileSync(path.join(mappingsDir, 'alignment', 'rules.csv'), 'utf8')).rules;
});

function component(activity: ActivityRecord, t: Transaction): AlignmentComponent {
  const own = t.aidTypes.filter((a) => a.vocabulary === '1').map((a) => a.code);
  const facts: AlignmentFacts = {
    aidTypes: own.length > 0 ? own : activity.defaultAidTypes.filter((a) => a.vocabulary === '1').map((a) => a.code),
    financeType: t.financeType ?? activity.defaultFinanceType,
    flowType: t.flowType ?? activity.defaultFlowType,
    disbursementChannel: t.disbursementChannel,
    transactionType: t.type,
    receiverIsGovernment: t.receiver?.ref === '12000' ? true : null,
    hasCountryBudgetItems: activity.countryBudgetItems.length > 0,
    reportedOnBudget: activity.countryBudgetItems.some((i) => i.vocabulary === '1' || i.vocabulary === '2'),
  };
  return { value: t.value, currency: t.currency, result: evaluateAlignment(facts, rules) };
}

async function disbursed(file: string, identifier: string): Promise<AlignmentComponent[]> {
  const activity = await record(file, identifier);
  return activity.transactions.filter((t) => t.type === '3').map((t) => component(activity, t));
}

/** A result with every dimension the same, for hand-made components. */
const all = (value: boolean | null, reason: string): AlignmentResult =>
  Object.fromEntries(
    ['onPlan', 'onBudget', 'onParliament', 'onTreasury', 'onProcurement', 'onAccounting', 'onAudit', 'onReport'].map((d) => [
      d,
      { value, ruleId: reason.slice(0, 8), reason },
    ]),
  ) as unknown as AlignmentResult;

describe('an activity’s alignment from its transactions', () => {
  it('is PARTLY on plan when part of the money went to the government, with the exact share by value', async () => {
    // DFID, Tanzania Revenue Authority: 3 000 000 and 3 000 000 to "Excluded", 500 000 to the Government (12000).
    const components = await disbursed('v1/dfid-TZ.xml', 'GB-1-105369-101');
    expect(components.map((c) => c.value)).toEqual(['3000000', '3000000', '500000']);
    const { weighting, dimensions } = aggregateAlignment(components);
    expect(weighting).toEqual({ by: 'value', currency: 'GBP' });
    expect(dimensions.onPlan).toEqual({
      status: 'PARTLY',
      share: '7.69', // 500 000 / 6 500 000 = 7.6923…
      unknownShare: '92.31',
      reasons: [
        {
          value: null,
          reason: 'the aid data do not say; compare with the approved budget estimates',
          ruleIds: ['not-in-aid-data'],
          share: '92.31',
        },
        {
          value: true,
          reason: 'received by a national government entity, which includes it in its plan and budget estimates',
          ruleIds: ['government-receiver'],
          share: '7.69',
        },
      ],
      override: null,
      derived: null,
    });
    expect(dimensions.onTreasury).toMatchObject({ status: 'NO', share: '0.00', unknownShare: '0.00' });
  });

  it('nets a correction within its group: 2 000 000 of 3 000 000 to the government is 66.67 per cent', async () => {
    // DFID, National Statistical System: 11 912 and its −11 912 correction, 1 000 000 "Excluded", 2 × 1 000 000 to the Ministry of Finance.
    const components = await disbursed('v1/dfid-TZ.xml', 'GB-1-202394-101');
    expect(components.map((c) => c.value)).toContain('-11912');
    const { weighting, dimensions } = aggregateAlignment(components);
    expect(weighting.by).toBe('value');
    expect(dimensions.onBudget).toMatchObject({ status: 'PARTLY', share: '66.67', unknownShare: '33.33' });
  });

  it('counts transactions, and says why, when they are in more than one currency', async () => {
    const components = await disbursed('v2/ifad-activity.xml', 'XM-DAC-41108-1100001761'); // disbursements in XDR and USD
    const { weighting, dimensions } = aggregateAlignment(components);
    expect(weighting).toEqual({
      by: 'count',
      why: 'transactions in 2 currencies (USD, XDR) are counted, not summed; convert them to weigh by value',
    });
    expect(dimensions.onTreasury).toMatchObject({ status: 'YES', share: '100.00' });
    expect(dimensions.onPlan).toMatchObject({ status: 'UNKNOWN', share: '0.00', unknownShare: '100.00' });

    const mixed = aggregateAlignment([
      { value: '1000000', currency: 'USD', result: all(true, 'through the treasury') },
      { value: '10', currency: 'eur', result: all(false, 'in kind') },
    ]);
    expect(mixed.dimensions.onAudit.share).toBe('50.00'); // by count; by value it would be 99.999…
  });

  it('rounds shares half-even, exactly', () => {
    const shares = aggregateAlignment([
      { value: '1', currency: 'MWK', result: all(true, 'yes') },
      { value: '799', currency: 'MWK', result: all(false, 'no') },
    ]).dimensions.onReport.reasons.map((r) => r.share);
    expect(shares).toEqual(['99.88', '0.12']); // 99.875 and 0.125: both ties, both to the even digit
    expect(percent(3n, 800n)).toBe('0.38');
    expect(percent(1n, 3n)).toBe('33.33');
    expect(percent(-1n, 8n)).toBe('-12.50');
    expect(percent(12345678901234567891n, 12345678901234567891n)).toBe('100.00');
  });

  it('weighs values of different scales and notations exactly', () => {
    const tenths = aggregateAlignment([
      { value: '0.1', currency: 'MWK', result: all(true, 'yes') },
      { value: '0.2', currency: 'MWK', result: all(false, 'no') },
    ]);
    expect(tenths.dimensions.onPlan.share).toBe('33.33'); // 0.1 / 0.3, which a float gets wrong
    const mixed = aggregateAlignment([
      { value: '1e3', currency: 'MWK', result: all(true, 'yes') },
      { value: '1000.50', currency: 'MWK', result: all(false, 'no') },
      { value: '123456789012345678.91', currency: 'MWK', result: all(null, 'unknown') },
    ]);
    // 1000 and 1000.5 of 123456789012347679.91: both round to 0.00; the rest is 100.00 (99.99999…).
    expect(mixed.dimensions.onPlan).toMatchObject({ status: 'PARTLY', share: '0.00', unknownShare: '100.00' });
    const even = aggregateAlignment([
      { value: '1e3', currency: 'MWK', result: all(true, 'yes') },
      { value: '1000.50', currency: 'MWK', result: all(false, 'no') },
    ]);
    expect(even.dimensions.onPlan.reasons.map((r) => r.share)).toEqual(['50.01', '49.99']); // 1000.5 / 2000.5 = 50.0125, 1000 / 2000.5 = 49.9875
  });

  it('counts transactions when corrections outweigh payments, and has nothing to weigh without transactions', () => {
    const netNegative = aggregateAlignment([
      { value: '100', currency: 'GBP', result: all(true, 'yes') },
      { value: '-150', currency: 'GBP', result: all(false, 'correction') },
    ]);
    expect(netNegative.weighting.by).toBe('count');
    expect(netNegative.dimensions.onPlan).toMatchObject({ status: 'PARTLY', share: '50.00' });
    const none = aggregateAlignment([]);
    expect(none.weighting).toEqual({ by: 'count', why: 'no transactions' });
    expect(none.dimensions.onPlan).toEqual({
      status: 'UNKNOWN',
      share: null,
      unknownShare: null,
      reasons: [],
      override: null,
      derived: null,
    });
  });

  it('refuses a value that is not a decimal', () => {
    expect(() => aggregateAlignment([{ value: '1,000', currency: 'GBP', result: all(true, 'yes') }])).toThrow(TributaryError);
  });
});

describe('an administrator’s override', () => {
  it('replaces what the rules derived and keeps both reasons visible', async () => {
    // DFID's "GENBUDGETSUPPORT and P0023 for PRBS": aid type A01 by default, yet the money paid a travel agent.
    const activity = await record('v1/dfid-TZ.xml', 'GB-1-105458-102');
    const components = activity.transactions.filter((t) => t.type === '3' || t.type === '4').map((t) => component(activity, t));
    const derived = aggregateAlignment(components).dimensions.onTreasury;
    expect(derived).toMatchObject({ status: 'YES', share: '100.00' });
    const override = {
      value: false,
      reason: 'travel and running costs of the budget support programme, paid by DFID to its suppliers',
      by: 'aims-admin@finance.go.tz',
    };
    const result = applyOverride(derived, override);
    expect(result).toEqual({
      status: 'NO',
      share: '0.00',
      unknownShare: '0.00',
      reasons: [{ value: false, reason: override.reason, ruleIds: [], share: '100.00' }],
      override,
      derived: { status: 'YES', share: '100.00', unknownShare: '0.00', reasons: derived.reasons },
    });
    expect(result.derived?.reasons).toEqual([
      {
        value: true,
        reason: 'aid type A01 (general budget support) uses country systems',
        ruleIds: ['budget-support-general'],
        share: '100.00',
      },
    ]);
    // A second override replaces the first and still shows what the rules derived.
    const again = applyOverride(result, { ...override, value: true, reason: 'confirmed with DFID: paid through the Treasury' });
    expect(again).toMatchObject({ status: 'YES', derived: { status: 'YES', reasons: derived.reasons } });
  });

  it('needs a reason and a name', () => {
    const derived = aggregateAlignment([{ value: '1', currency: 'GBP', result: all(true, 'yes') }]).dimensions.onPlan;
    expect(() => applyOverride(derived, { value: false, reason: ' ', by: 'admin' })).toThrow(/needs a reason/);
    expect(() => applyOverride(derived, { value: false, reason: 'checked', by: '' })).toThrow(/who made it/);
  });
});
