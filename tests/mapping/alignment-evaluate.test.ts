import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActivityRecord, OrgRef, Transaction } from '../../connectors/iati/types.js';
import { evaluateAlignment, NO_RULE_REASON, type AlignmentResult } from '../../src/mapping/alignment/evaluate.js';
import {
  knownCodesFromCodelists,
  parseAlignmentRules,
  type AlignmentFacts,
  type AlignmentRule,
} from '../../src/mapping/alignment/rules.js';
import { ALIGNMENT_DIMENSIONS } from '../../src/mapping/types.js';
import { mappingsDir } from '../../src/paths.js';
import { iatiRecord } from '../support/iati-record.js';

/**
 * The shipped rules on facts taken from real IATI activities (../shared/data/iati/activities),
 * read by the importer's own split and normalisation. How facts come from a record is the test's
 * reading (below), the same the graph is meant to use: the transaction's DAC aid types else the
 * activity's defaults; the transaction's receiver else the implementing organisation.
 */
const record = iatiRecord;

/** CRS channel 12000 is "Recipient Government"; OrganisationType 10 is Government. */
const NON_GOVERNMENT_TYPES = new Set(['21', '22', '23', '24', '30', '40', '60', '70', '71', '72', '73', '80', '90']);
function isGovernment(org: OrgRef | null): boolean | null {
  if (!org) return null;
  if (org.ref === '12000' || org.type === '10') return true;
  if ((org.type && NON_GOVERNMENT_TYPES.has(org.type)) || /^[2-6]\d{4}$/.test(org.ref ?? '')) return false;
  return null;
}

function factsOf(activity: ActivityRecord, transaction: Transaction | null): AlignmentFacts {
  const dac = (refs: readonly { vocabulary: string; code: string }[]) => refs.filter((r) => r.vocabulary === '1').map((r) => r.code);
  const own = dac(transaction?.aidTypes ?? []);
  const implementing = activity.participatingOrgs.find((org) => org.role === '4') ?? null;
  return {
    aidTypes: own.length > 0 ? own : dac(activity.defaultAidTypes),
    financeType: transaction?.financeType ?? activity.defaultFinanceType,
    flowType: transaction?.flowType ?? activity.defaultFlowType,
    disbursementChannel: transaction?.disbursementChannel ?? null,
    transactionType: transaction?.type ?? null,
    receiverIsGovernment: isGovernment(transaction ? (transaction.receiver ?? implementing) : implementing),
    hasCountryBudgetItems: activity.countryBudgetItems.length > 0,
    reportedOnBudget: activity.countryBudgetItems.some((item) => item.vocabulary === '1' || item.vocabulary === '2'),
  };
}

const values = (result: AlignmentResult) => Object.fromEntries(ALIGNMENT_DIMENSIONS.map((d) => [d, result[d].value]));
const ruleIds = (result: AlignmentResult) => Object.fromEntries(ALIGNMENT_DIMENSIONS.map((d) => [d, result[d].ruleId]));
const disbursements = (activity: ActivityRecord) => activity.transactions.filter((t) => t.type === '3');

let rules: readonly AlignmentRule[];
beforeAll(() => {
  const known = knownCodesFromCodelists(readFileSync(path.join(mappingsDir, 'iati-codelists', 'items.csv'), 'utf8'));
  const parsed = parseAlignmentRules(readFileSync(path.join(mappingsDir, 'alignment', 'rules.csv'), 'utf8'), known);
  expect(parsed.problems).toEqual([]);
  rules = parsed.rules;
});

describe('alignment of real transactions under the shipped rules', () => {
  it('general budget support paid to the Ministry of Finance is aligned on every dimension, for the budget support reason', async () => {
    const activity = await record('v1/dfid-TZ.xml', 'GB-1-203213-101'); // DFID, Growth and Poverty Reduction Grant, Tanzania
    const payment = disbursements(activity)[0] ?? null;
    expect(payment?.receiver?.name).toBe('Ministry of Finance Tanzania, Poverty Reduction Budget Support');
    const result = evaluateAlignment(factsOf(activity, payment), rules);
    for (const dimension of ALIGNMENT_DIMENSIONS) {
      expect(result[dimension], dimension).toEqual({
        value: true,
        ruleId: 'budget-support-general',
        reason: 'aid type A01 (general budget support) uses country systems',
      });
    }
  });

  it('sector budget support reported without transactions is aligned from the activity alone', async () => {
    const activity = await record('v1/dfatd-TZ.xml', 'CA-3-A033985001'); // CIDA, Education Sector Development Program
    const result = evaluateAlignment(factsOf(activity, null), rules);
    expect(new Set(Object.values(ruleIds(result)))).toEqual(new Set(['budget-support-sector']));
    expect(new Set(Object.values(values(result)))).toEqual(new Set([true]));
  });

  it('a loan disbursed through the Treasury uses country systems and is appropriated; the plan stays unknown', async () => {
    const activity = await record('v2/ifad-activity.xml', 'XM-DAC-41108-1100001761'); // IFAD loan, disbursement channel 1
    const payment = disbursements(activity)[0] ?? null;
    const facts = factsOf(activity, payment);
    expect(facts).toMatchObject({ disbursementChannel: '1', aidTypes: ['C01'], financeType: '421', receiverIsGovernment: null });
    const result = evaluateAlignment(facts, rules);
    expect(values(result)).toEqual({
      onPlan: null,
      onBudget: true,
      onParliament: true,
      onTreasury: true,
      onProcurement: true,
      onAccounting: true,
      onAudit: true,
      onReport: true,
    });
    expect(result.onTreasury.ruleId).toBe('treasury-channel');
    expect(result.onBudget.reason).toBe(
      'disbursement channel 1: money paid into the Treasury can be spent only as the approved budget appropriates it',
    );
    expect(result.onPlan.ruleId).toBe('not-in-aid-data');
  });

  it('money paid into an NGO implementer’s own account is off treasury and off the other country systems', async () => {
    const activity = await record('v2/usaid-activity.xml', 'US-GOV-1-AID-EPP-A-00-09-00001'); // USAID, implementer NARUC (NGO)
    const facts = factsOf(activity, disbursements(activity)[0] ?? null);
    expect(facts).toMatchObject({ disbursementChannel: '2', receiverIsGovernment: false });
    const result = evaluateAlignment(facts, rules);
    expect(ruleIds(result)).toEqual({
      onPlan: 'not-in-aid-data',
      onBudget: 'not-in-aid-data',
      onParliament: 'not-in-aid-data',
      onTreasury: 'separate-account',
      onProcurement: 'separate-account-non-government',
      onAccounting: 'separate-account-non-government',
      onAudit: 'separate-account-non-government',
      onReport: 'separate-account-non-government',
    });
    expect(result.onTreasury).toEqual({
      value: false,
      ruleId: 'separate-account',
      reason: "disbursement channel 2: paid into the implementing institution's own bank account, not through the Treasury",
    });
  });

  it('technical assistance to a contractor of unknown kind: the aid type decides procurement, the channel the treasury', async () => {
    const activity = await record('v2/ec-intpa-activity.xml', 'XI-IATI-EC_INTPA-2019/405-854');
    const payment = activity.transactions.find((t) => t.type === '4') ?? null;
    expect(payment?.receiver?.name).toBe('Dai Global Belgium');
    const result = evaluateAlignment(factsOf(activity, payment), rules);
    expect(result.onTreasury.ruleId).toBe('separate-account'); // same priority as technical-assistance, earlier row
    expect(result.onProcurement.ruleId).toBe('technical-assistance');
    expect(result.onAudit).toMatchObject({ value: false, ruleId: 'no-evidence-systems' });
  });

  it('in-kind aid managed by the donor is off treasury, yet counts as on budget on the donor’s word (country-budget-items)', async () => {
    const activity = await record('v2/dportal-covid-401.xml', 'DAC-1601-INV-006200'); // Gates Foundation grant to WHO
    const facts = factsOf(activity, disbursements(activity)[0] ?? null);
    expect(facts).toMatchObject({ disbursementChannel: '4', reportedOnBudget: true });
    const result = evaluateAlignment(facts, rules);
    expect(result.onTreasury).toMatchObject({ value: false, ruleId: 'in-kind-donor' });
    expect(result.onBudget).toMatchObject({ value: true, ruleId: 'country-budget-items' });
    expect(result.onBudget.reason).toMatch(/^the donor places the activity in the country's budget classification/);
  });

  it('the donor’s own administrative costs are off every dimension', async () => {
    const activity = await record('v2/beis-activity.xml', 'GB-GOV-13-GCRF-BF-7TNK9LD-NLFLATK'); // BEIS, G01
    const result = evaluateAlignment(factsOf(activity, disbursements(activity)[0] ?? null), rules);
    expect(new Set(Object.values(ruleIds(result)))).toEqual(new Set(['donor-admin-costs']));
    expect(new Set(Object.values(values(result)))).toEqual(new Set([false]));
  });

  it('an activity that reports nothing useful: no evidence of country systems, plan and budget unknown', async () => {
    const activity = await record('v1/dfid-TZ.xml', 'GB-1-102607'); // a DFID parent activity: no aid type, no transactions
    const facts = factsOf(activity, null);
    expect(facts).toEqual({
      aidTypes: [],
      financeType: null,
      flowType: null,
      disbursementChannel: null,
      transactionType: null,
      receiverIsGovernment: null,
      hasCountryBudgetItems: false,
      reportedOnBudget: false,
    });
    expect(values(evaluateAlignment(facts, rules))).toEqual({
      onPlan: null,
      onBudget: null,
      onParliament: null,
      onTreasury: false,
      onProcurement: false,
      onAccounting: false,
      onAudit: false,
      onReport: false,
    });
  });
});

describe('rule precedence and conditions', () => {
  const facts: AlignmentFacts = {
    aidTypes: ['C01', 'B04'],
    financeType: '110',
    flowType: '10',
    disbursementChannel: null,
    transactionType: '3',
    receiverIsGovernment: true,
    hasCountryBudgetItems: false,
    reportedOnBudget: false,
  };
  const parse = (...rows: string[]) => parseAlignmentRules(['id,priority,dimension,condition,value,reason', ...rows].join('\n')).rules;

  it('takes the matching rule of lowest priority whatever the order given, then the earlier row', () => {
    const rules = parse(
      'late,50,onAudit,*,no,fallback',
      'early,10,onAudit,aidType = B04,yes,basket audited by the auditor general',
      'tie,10,onAudit,*,no,later row',
    );
    expect(evaluateAlignment(facts, [...rules].reverse()).onAudit).toEqual({
      value: true,
      ruleId: 'early',
      reason: 'basket audited by the auditor general',
    });
  });

  it('never matches a clause about a fact the data do not give, whatever the operator', () => {
    const rules = parse('not-treasury,10,onTreasury,disbursementChannel != 1,no,not through the treasury');
    expect(evaluateAlignment(facts, rules).onTreasury).toEqual({ value: null, ruleId: null, reason: NO_RULE_REASON });
    expect(evaluateAlignment({ ...facts, disbursementChannel: '2' }, rules).onTreasury.ruleId).toBe('not-treasury');
  });

  it('with several aid types, = and in ask whether any is listed, != whether none is', () => {
    const rules = parse(
      'any,10,onPlan,aidType in A02|B04,yes,any',
      'none,10,onBudget,aidType != B04,no,none',
      'both,10,onAudit,aidType = C01 and receiverIsGovernment = true and financeType in 110|421,yes,all clauses',
    );
    const result = evaluateAlignment(facts, rules);
    expect([result.onPlan.ruleId, result.onBudget.ruleId, result.onAudit.ruleId]).toEqual(['any', null, 'both']);
  });
});
