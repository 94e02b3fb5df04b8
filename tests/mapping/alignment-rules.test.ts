import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateAlignment } from '../../src/mapping/alignment/evaluate.js';
import { knownCodesFromCodelists, parseAlignmentRules, parseRuleFields, type AlignmentFacts } from '../../src/mapping/alignment/rules.js';
import { ALIGNMENT_DIMENSIONS, type MappingProblem } from '../../src/mapping/types.js';
import { mappingsDir } from '../../src/paths.js';

const shippedRules = () => readFileSync(path.join(mappingsDir, 'alignment', 'rules.csv'), 'utf8');
const known = knownCodesFromCodelists(readFileSync(path.join(mappingsDir, 'iati-codelists', 'items.csv'), 'utf8'));

const HEADER = 'id,priority,dimension,condition,value,reason';
const nothingKnown: AlignmentFacts = {
  aidTypes: [],
  financeType: null,
  flowType: null,
  disbursementChannel: null,
  transactionType: null,
  receiverIsGovernment: null,
  hasCountryBudgetItems: false,
  reportedOnBudget: false,
};

describe('the shipped alignment rules (mappings/alignment/rules.csv)', () => {
  it('parse without a problem, every code in them is in the IATI codelists, and they come back in priority order', () => {
    const { rules, problems } = parseAlignmentRules(shippedRules(), known);
    expect(problems).toEqual([]);
    expect(rules.length).toBeGreaterThan(10);
    expect(rules.map((r) => r.priority)).toEqual([...rules.map((r) => r.priority)].sort((a, b) => a - b));
    expect(rules.find((r) => r.id === 'budget-support-general')).toEqual({
      id: 'budget-support-general',
      priority: 20,
      dimensions: [...ALIGNMENT_DIMENSIONS],
      condition: [{ fact: 'aidType', op: '=', values: ['A01'] }],
      value: true,
      reason: 'aid type A01 (general budget support) uses country systems',
      row: 6,
    });
  });

  it('decide every dimension even when the data say nothing: "no evidence" for country systems, unknown for plan, budget and parliament', () => {
    const { rules } = parseAlignmentRules(shippedRules(), known);
    const result = evaluateAlignment(nothingKnown, rules);
    for (const dimension of ['onTreasury', 'onProcurement', 'onAccounting', 'onAudit', 'onReport'] as const) {
      expect(result[dimension], dimension).toEqual({
        value: false,
        ruleId: 'no-evidence-systems',
        reason: 'no evidence in the data that the aid uses this government system',
      });
    }
    for (const dimension of ['onPlan', 'onBudget', 'onParliament'] as const) {
      expect(result[dimension], dimension).toMatchObject({ value: null, ruleId: 'not-in-aid-data' });
    }
  });
});

describe('parsing alignment rules', () => {
  it('reports every kind of problem at once, each with its row and field, and returns no rules', () => {
    const csv = [
      HEADER,
      'treasury,30,onTreasury,disbursementChannel = 1,yes,paid through the Treasury', // row 2: fine
      'r3,30,onBudgte,*,yes,typo in the dimension',
      'r4,30,onTreasury,aidTipe = A01,yes,typo in the fact',
      'r5,30,onTreasury,disbursementChannel == 1,yes,two equals signs',
      'r6,30,onPlan,receiverIsGovernment = yes,yes,a boolean written yes',
      'r7,30,onPlan,*,maybe,not yes or no',
      'r8,high,onPlan,*,yes,priority in words',
      'treasury,40,onAudit,*,no,the id of row 2 again',
      'r10,30,onAudit,*,no,',
      'r11,30,*,aidType in A01|A99,yes,A99 is no aid type',
      'r12,30,onTreasury,disbursementChannel = 1|2,yes,a list needs in',
      'r13,30,onTreasury,disbursementChannel = 3,no,aid in kind, outside government systems',
      'r14,30,onPlan,reportedOnBudget in true|false,yes,in on a boolean',
      'r15,30,onPlan,= 1,yes,no fact at all',
      '',
      'r17,30,onTreasury|onBudgets,hasCountryBudgetItems = true and flowType = 10,yes,row numbers survive an empty line',
    ].join('\n');
    const { rules, problems } = parseAlignmentRules(csv, known);
    expect(rules).toEqual([]);
    expect(problems.map(({ row, field, code }: MappingProblem) => ({ row, field, code }))).toEqual([
      { row: 3, field: 'dimension', code: 'UNKNOWN_DIMENSION' },
      { row: 4, field: 'condition', code: 'UNKNOWN_FACT' },
      { row: 5, field: 'condition', code: 'BAD_OPERATOR' },
      { row: 6, field: 'condition', code: 'BAD_VALUE' },
      { row: 7, field: 'value', code: 'BAD_VALUE' },
      { row: 8, field: 'priority', code: 'BAD_PRIORITY' },
      { row: 9, field: 'id', code: 'DUPLICATE_ID' },
      { row: 10, field: 'reason', code: 'MISSING_VALUE' },
      { row: 11, field: 'condition', code: 'UNKNOWN_CODE' },
      { row: 12, field: 'condition', code: 'BAD_VALUE' },
      { row: 13, field: 'column 7', code: 'EXTRA_CELLS' },
      { row: 14, field: 'condition', code: 'BAD_OPERATOR' },
      { row: 15, field: 'condition', code: 'BAD_CONDITION' },
      { row: 17, field: 'dimension', code: 'UNKNOWN_DIMENSION' },
    ]);
    const message = (row: number) => problems.find((p) => p.row === row)?.message;
    expect(message(3)).toBe('"onBudgte" is not a dimension; use * or one of ' + ALIGNMENT_DIMENSIONS.join(', '));
    expect(message(4)).toMatch(/^condition "aidTipe = A01": "aidTipe" is not a fact; use one of aidType, /);
    expect(message(5)).toBe('condition "disbursementChannel == 1": "==" is not an operator; use =, != or in');
    expect(message(9)).toBe('rule id "treasury" is already used in row 2');
    expect(message(11)).toBe('condition "aidType in A01|A99": A99 not in the IATI AidType codelist');
    expect(message(17)).toMatch(/^"onBudgets" is not a dimension/);
  });

  it('names each missing header column in row 1', () => {
    const { problems } = parseAlignmentRules('id,priority,dimension,condition\nr1,10,*,*');
    expect(problems).toEqual([
      {
        row: 1,
        field: 'value',
        code: 'MISSING_COLUMN',
        message: 'the header has no "value" column; expected ' + HEADER.replaceAll(',', ', '),
      },
      {
        row: 1,
        field: 'reason',
        code: 'MISSING_COLUMN',
        message: 'the header has no "reason" column; expected ' + HEADER.replaceAll(',', ', '),
      },
    ]);
  });

  it('refuses a file that is not CSV', () => {
    const { rules, problems } = parseAlignmentRules(`${HEADER}\nr1,10,*,*,yes,"never closed\n`);
    expect(rules).toEqual([]);
    expect(problems).toMatchObject([{ row: null, field: 'file', code: 'INVALID_CSV' }]);
  });

  it('accepts columns in any order, upper-case values and an unknown value, and checks code form without codelists', () => {
    const csv = [
      'reason,value,condition,dimension,priority,id',
      'pooled fund rules,UNKNOWN,aidType = B04 and transactionType != 1,onAudit,70,basket',
    ].join('\n');
    const { rules, problems } = parseAlignmentRules(csv);
    expect(problems).toEqual([]);
    expect(rules).toEqual([
      {
        id: 'basket',
        priority: 70,
        dimensions: ['onAudit'],
        condition: [
          { fact: 'aidType', op: '=', values: ['B04'] },
          { fact: 'transactionType', op: '!=', values: ['1'] },
        ],
        value: null,
        reason: 'pooled fund rules',
        row: 2,
      },
    ]);
  });

  it('checks one rule on its own (a rule edited in the graph), with no row', () => {
    const problems: MappingProblem[] = [];
    const add = (row: number | null, field: string, code: string, message: string) => problems.push({ row, field, code, message });
    const fields = {
      id: 'gov',
      priority: '50',
      dimension: 'onPlan',
      condition: 'receiverIsGovernment = true',
      value: 'yes',
      reason: 'a ministry',
    };
    expect(parseRuleFields(fields, null, known, add)).toMatchObject({ id: 'gov', value: true, row: 0 });
    expect(parseRuleFields({ ...fields, condition: 'receiverIsGovernment = maybe' }, null, known, add)).toBeNull();
    expect(problems).toMatchObject([{ row: null, field: 'condition', code: 'BAD_VALUE' }]);
  });
});
