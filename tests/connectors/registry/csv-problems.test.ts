import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRegistryProblem } from '../../../connectors/registry/problems.js';
import { readRegistryFolder } from '../../../connectors/registry/read.js';
import type { RegistryBatch, RegistryProblem } from '../../../connectors/registry/types.js';
import { writeRegistryCsv } from '../../../src/cli/demo/registry/csv.js';
import { generateRegistry, registryAsOf } from '../../../src/cli/demo/registry/generate.js';

/**
 * A good registry export with one thing spoilt at a time: each kind of bad input gives exactly
 * the problem expected, naming file, row, record and field, and no other (one mistake, one
 * problem); spoilt together, every problem comes back from one read.
 */
const OPTIONS = { seed: 21, households: 120, startCycle: '2024-10', cycles: 6 };
const batch = generateRegistry(OPTIONS);
const today = registryAsOf(OPTIONS);
let dir: string;
let base: Map<string, string[][]>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-registry-problems-'));
  await writeRegistryCsv(batch, path.join(dir, 'base'));
  base = new Map();
  for (const name of await readdir(path.join(dir, 'base'))) {
    base.set(name, parse(await readFile(path.join(dir, 'base', name), 'utf8')) as string[][]);
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The export's files as rows of cells (header first, so file row n is `rows[n - 1]`), or raw text. */
class Files {
  readonly files = new Map<string, string[][] | string>();

  constructor(from: ReadonlyMap<string, string[][]>) {
    for (const [name, rows] of from)
      this.files.set(
        name,
        rows.map((row) => [...row]),
      );
  }

  rows(file: string): string[][] {
    const rows = this.files.get(file);
    if (!Array.isArray(rows)) throw new Error(`no rows for ${file}`);
    return rows;
  }

  column(file: string, name: string): number {
    const at = this.rows(file)[0]?.indexOf(name) ?? -1;
    if (at < 0) throw new Error(`${file} has no column ${name}`);
    return at;
  }

  get(file: string, row: number, column: string): string {
    return this.rows(file)[row - 1]?.[this.column(file, column)] ?? '';
  }

  set(file: string, row: number, column: string, value: string): void {
    const cells = this.rows(file)[row - 1];
    if (!cells) throw new Error(`${file} has no row ${row}`);
    cells[this.column(file, column)] = value;
  }

  /** Appends a row; returns its row number. */
  append(file: string, cells: string[]): number {
    return this.rows(file).push(cells);
  }

  dropColumn(file: string, name: string): void {
    const at = this.column(file, name);
    for (const row of this.rows(file)) row.splice(at, 1);
  }

  async write(folder: string): Promise<void> {
    await mkdir(folder, { recursive: true });
    for (const [name, rows] of this.files) await writeFile(path.join(folder, name), typeof rows === 'string' ? rows : stringify(rows));
  }
}

type Expected = Pick<RegistryProblem, 'file' | 'row' | 'record' | 'field' | 'code'> & { message?: RegExp };
type Spoil = (files: Files, b: RegistryBatch, pick: Picker) => Expected[];

/**
 * Hands out the file row (header = 1) of the first matching record not handed out before, so
 * that spoils applied together never spoil the same row.
 */
class Picker {
  private readonly used = new Set<string>();

  pick<T>(file: string, records: readonly T[], match: (record: T, index: number) => boolean): { row: number; record: T } {
    const at = records.findIndex((record, i) => !this.used.has(`${file}:${i + 2}`) && match(record, i));
    const record = records[at];
    if (at < 0 || record === undefined) throw new Error(`no such record left in ${file}`);
    this.claim(file, at + 2);
    return { row: at + 2, record };
  }

  claim(file: string, row: number): void {
    this.used.add(`${file}:${row}`);
  }
}

const problem = (file: string, row: number | null, record: string | null, field: string, code: string, message?: RegExp): Expected => ({
  file,
  row,
  record,
  field,
  code,
  ...(message ? { message } : {}),
});

/** A cell of a record, set to `value`; the problem expected is on that row and field. */
function cell<T extends object>(
  file: string,
  records: (b: RegistryBatch) => readonly T[],
  match: (record: T) => boolean,
  key: (record: T) => string,
  column: string,
  value: string,
  code: string,
  message?: RegExp,
): Spoil {
  return (files, b, picker) => {
    const { row, record } = picker.pick(file, records(b), match);
    files.set(file, row, column, value);
    return [problem(file, row, key(record), column, code, message)];
  };
}

const anyOne = (): boolean => true;
const individual = (b: RegistryBatch) => b.individuals;
const payment = (b: RegistryBatch) => b.payments;
const enrolment = (b: RegistryBatch) => b.enrolments;
const enrolmentKey = (e: RegistryBatch['enrolments'][number]): string => `${e.programmeCode}/${e.beneficiaryKey}`;
const keyOf = (r: { key: string }): string => r.key;
/** A potential enrolment is paid nothing: changing its key leaves every payment enrolled. */
const potential = (e: RegistryBatch['enrolments'][number]): boolean => e.status === 'potential' && e.programmeCode === 'SCTP';

const CASES: [name: string, spoil: Spoil][] = [
  [
    'a required column is missing',
    (files) => {
      files.dropColumn('individuals.csv', 'sex');
      return [problem('individuals.csv', 1, null, 'sex', 'MISSING_COLUMN', /column "sex" not found in the header/)];
    },
  ],
  [
    'a column the export does not have',
    (files) => {
      files.rows('households.csv').forEach((row, i) => row.push(i === 0 ? 'remarks' : 'ok'));
      return [problem('households.csv', 1, null, 'remarks', 'UNKNOWN_COLUMN', /"remarks" is not a households column/)];
    },
  ],
  [
    'a column named twice',
    (files) => {
      files.rows('households.csv').forEach((row) => row.push(row[1] ?? ''));
      return [problem('households.csv', 1, null, 'area_code', 'DUPLICATE_COLUMN')];
    },
  ],
  ['an impossible date', cell('individuals.csv', individual, anyOne, keyOf, 'date_of_birth', '1990-02-30', 'BAD_DATE', /not a day/)],
  ['a date not written YYYY-MM-DD', cell('individuals.csv', individual, anyOne, keyOf, 'date_of_birth', '12/03/1990', 'BAD_DATE')],
  [
    'a date in the future',
    cell('enrolments.csv', enrolment, anyOne, enrolmentKey, 'enrolled_on', '2099-01-01', 'FUTURE_DATE', /2099-01-01 is in the future/),
  ],
  ['a paid date in the future', cell('payments.csv', payment, (p) => p.paidDate !== null, keyOf, 'paid_date', '2099-01-01', 'FUTURE_DATE')],
  ['a negative amount', cell('payments.csv', payment, anyOne, keyOf, 'amount', '-15000', 'NEGATIVE_AMOUNT', /-15000 is negative/)],
  ['an amount that is not a number', cell('payments.csv', payment, anyOne, keyOf, 'amount', 'MK15000', 'NOT_A_NUMBER')],
  ['an amount with an undeclared thousands separator', cell('payments.csv', payment, anyOne, keyOf, 'amount', '15,000', 'NOT_A_NUMBER')],
  ['an unknown sex', cell('individuals.csv', individual, anyOne, keyOf, 'sex', 'female', 'UNKNOWN_VALUE', /not one of F, M, X/)],
  ['an unknown payment status', cell('payments.csv', payment, anyOne, keyOf, 'status', 'done', 'UNKNOWN_VALUE')],
  [
    'a recipient flag that is not true or false',
    cell(
      'memberships.csv',
      (b) => b.memberships,
      anyOne,
      (m) => `${m.householdKey}/${m.individualKey}`,
      'recipient',
      'maybe',
      'UNKNOWN_VALUE',
    ),
  ],
  ['a payment cycle that is no month', cell('payments.csv', payment, anyOne, keyOf, 'cycle', '2024-13', 'BAD_CYCLE')],
  ['a currency that is no ISO code', cell('payments.csv', payment, anyOne, keyOf, 'currency', 'kwacha', 'BAD_CURRENCY')],
  [
    'a payment in another currency than its programme',
    cell('payments.csv', payment, anyOne, keyOf, 'currency', 'USD', 'CURRENCY_MISMATCH'),
  ],
  ['an empty required cell', cell('individuals.csv', individual, anyOne, keyOf, 'given_name', '', 'MISSING_VALUE')],
  [
    'a paid payment without a paid date',
    cell('payments.csv', payment, (p) => p.status === 'paid', keyOf, 'paid_date', '', 'MISSING_VALUE'),
  ],
  ['an exit before the enrolment', cell('enrolments.csv', enrolment, anyOne, enrolmentKey, 'exited_on', '2001-01-01', 'DATE_ORDER')],
  [
    'a grievance closed before it was opened',
    cell(
      'grievances.csv',
      (b) => b.grievances,
      (g) => g.closedOn !== null,
      keyOf,
      'closed_on',
      '2001-01-01',
      'DATE_ORDER',
    ),
  ],
  [
    'two people with one national ID',
    (files, b, picker) => {
      const first = picker.pick('individuals.csv', b.individuals, (i) => i.nationalId !== null);
      const second = picker.pick('individuals.csv', b.individuals, (i) => i.nationalId !== null);
      files.set('individuals.csv', second.row, 'national_id', first.record.nationalId ?? '');
      const message = new RegExp(`same national ID as ${first.record.key}$`);
      return [problem('individuals.csv', second.row, second.record.key, 'national_id', 'DUPLICATE_NATIONAL_ID', message)];
    },
  ],
  [
    'a person in two households',
    (files, b, picker) => {
      const [one, other] = b.households;
      const person = picker.pick('memberships.csv', b.memberships, (m) => m.householdKey === one?.key).record.individualKey;
      const row = files.append('memberships.csv', [other?.key ?? '', person, 'other', 'false']);
      return [problem('memberships.csv', row, `${other?.key}/${person}`, 'individual_key', 'MEMBER_OF_TWO_HOUSEHOLDS')];
    },
  ],
  [
    'two recipients in a household',
    (files, b, picker) => {
      const next = (i: number): RegistryBatch['memberships'][number] | undefined => b.memberships[i + 1];
      const head = picker.pick('memberships.csv', b.memberships, (m, i) => m.recipient && next(i)?.householdKey === m.householdKey);
      const second = b.memberships[head.row - 1];
      picker.claim('memberships.csv', head.row + 1);
      files.set('memberships.csv', head.row + 1, 'recipient', 'true');
      const record = `${second?.householdKey}/${second?.individualKey}`;
      return [problem('memberships.csv', head.row + 1, record, 'recipient', 'MULTIPLE_RECIPIENTS', /already has recipient/)];
    },
  ],
  [
    'a payment to an unknown beneficiary',
    cell('payments.csv', payment, anyOne, keyOf, 'beneficiary_key', 'HH9999999', 'UNKNOWN_BENEFICIARY'),
  ],
  ['a payment in an unknown programme', cell('payments.csv', payment, anyOne, keyOf, 'programme_code', 'WFP-CASH', 'UNKNOWN_PROGRAMME')],
  [
    'a payment to a household not enrolled in the programme',
    (files, b, picker) => {
      const enrolled = new Set(b.enrolments.filter((e) => e.programmeCode === 'SCTP').map((e) => e.beneficiaryKey));
      const outsider = b.households.find((h) => !enrolled.has(h.key))?.key ?? '';
      const { row, record } = picker.pick('payments.csv', b.payments, (p) => p.programmeCode === 'SCTP');
      files.set('payments.csv', row, 'beneficiary_key', outsider);
      return [problem('payments.csv', row, record.key, 'beneficiary_key', 'NOT_ENROLLED', /has no enrolment in SCTP/)];
    },
  ],
  [
    'an enrolment of an unknown beneficiary',
    cell('enrolments.csv', enrolment, potential, () => 'SCTP/HH9999999', 'beneficiary_key', 'HH9999999', 'UNKNOWN_BENEFICIARY'),
  ],
  [
    'an individual enrolled in a household programme',
    (files, b, picker) => {
      const { row } = picker.pick('enrolments.csv', b.enrolments, potential);
      const person = b.individuals[0]?.key ?? '';
      files.set('enrolments.csv', row, 'beneficiary_key', person);
      return [
        problem(
          'enrolments.csv',
          row,
          `SCTP/${person}`,
          'beneficiary_key',
          'UNKNOWN_BENEFICIARY',
          /is an individual, but SCTP enrols households/,
        ),
      ];
    },
  ],
  [
    'an enrolment in an unknown programme',
    (files, b, picker) => {
      const { row, record } = picker.pick('enrolments.csv', b.enrolments, potential);
      files.set('enrolments.csv', row, 'programme_code', 'XYZ');
      return [problem('enrolments.csv', row, `XYZ/${record.beneficiaryKey}`, 'programme_code', 'UNKNOWN_PROGRAMME')];
    },
  ],
  [
    'an area under an unknown parent',
    cell(
      'areas.csv',
      (b) => b.areas,
      (a) => a.level === 4,
      keyOf2,
      'parent_code',
      'MW-S-XXX-TA01',
      'UNKNOWN_PARENT',
    ),
  ],
  [
    'an area a level too deep',
    cell(
      'areas.csv',
      (b) => b.areas,
      (a) => a.level === 4,
      keyOf2,
      'level',
      '5',
      'BAD_LEVEL',
    ),
  ],
  [
    'a level that is no number',
    cell(
      'areas.csv',
      (b) => b.areas,
      (a) => a.level === 4,
      keyOf2,
      'level',
      'village',
      'NOT_A_NUMBER',
    ),
  ],
  ['a person in an unknown area', cell('individuals.csv', individual, anyOne, keyOf, 'area_code', 'MW-Z', 'UNKNOWN_AREA')],
  ['a household in an unknown area', cell('households.csv', (b) => b.households, anyOne, keyOf, 'area_code', 'MW-Z', 'UNKNOWN_AREA')],
  [
    'a membership of an unknown household',
    (files, b, picker) => {
      const { row, record } = picker.pick('memberships.csv', b.memberships, (m) => !m.recipient);
      files.set('memberships.csv', row, 'household_key', 'HH7777777');
      return [problem('memberships.csv', row, `HH7777777/${record.individualKey}`, 'household_key', 'UNKNOWN_HOUSEHOLD')];
    },
  ],
  [
    'a membership of an unknown individual',
    (files, b, picker) => {
      const { row, record } = picker.pick('memberships.csv', b.memberships, (m) => !m.recipient);
      files.set('memberships.csv', row, 'individual_key', 'IND99999999');
      return [problem('memberships.csv', row, `${record.householdKey}/IND99999999`, 'individual_key', 'UNKNOWN_INDIVIDUAL')];
    },
  ],
  [
    'funding for an unknown programme',
    (files, b, picker) => {
      const { row, record } = picker.pick('programme-funding.csv', b.funding, (f) => f.programmeCode === 'CS-EPWP');
      files.set('programme-funding.csv', row, 'programme_code', 'NOPE');
      return [problem('programme-funding.csv', row, `NOPE/${record.kind}/${record.reference}`, 'programme_code', 'UNKNOWN_PROGRAMME')];
    },
  ],
  [
    'a funding share over 100 per cent',
    (files, b, picker) => {
      const { row, record } = picker.pick('programme-funding.csv', b.funding, (f) => f.programmeCode === 'SMP-THR');
      files.set('programme-funding.csv', row, 'share', '120');
      return [problem('programme-funding.csv', row, `${record.programmeCode}/${record.kind}/${record.reference}`, 'share', 'BAD_SHARE')];
    },
  ],
  [
    'a grievance about an unknown programme',
    cell('grievances.csv', (b) => b.grievances, anyOne, keyOf, 'programme_code', 'NOPE', 'UNKNOWN_PROGRAMME'),
  ],
  [
    'a change to an unknown household',
    cell(
      'household-changes.csv',
      (b) => b.changes,
      anyOne,
      () => 'HH7777777',
      'household_key',
      'HH7777777',
      'UNKNOWN_HOUSEHOLD',
    ),
  ],
  [
    'an unknown kind of change',
    cell(
      'household-changes.csv',
      (b) => b.changes,
      anyOne,
      (c) => c.householdKey,
      'kind',
      'divorce',
      'UNKNOWN_VALUE',
    ),
  ],
  [
    'a household given twice',
    (files, b) => {
      const row = files.append('households.csv', [...(files.rows('households.csv')[1] ?? [])]);
      return [problem('households.csv', row, b.households[0]?.key ?? '', 'household_key', 'DUPLICATE_KEY', /already on row 2/)];
    },
  ],
  [
    'an enrolment given twice',
    (files, b) => {
      const row = files.append('enrolments.csv', [...(files.rows('enrolments.csv')[1] ?? [])]);
      const first = b.enrolments[0];
      return [problem('enrolments.csv', row, first ? enrolmentKey(first) : '', 'programme_code/beneficiary_key', 'DUPLICATE_KEY')];
    },
  ],
  [
    'a row with a cell too many',
    (files, b) => {
      const row = files.rows('households.csv')[1] ?? [];
      row.push('extra');
      return [problem('households.csv', 2, b.households[0]?.key ?? '', '', 'FIELD_COUNT', /3 cells but the header 2/)];
    },
  ],
  [
    'a quote that is never closed',
    (files) => {
      const rows = files.rows('households.csv');
      const text = stringify(rows.slice(0, 4)) + `HH0000999,"MW-S\n` + stringify(rows.slice(4));
      files.files.set('households.csv', text);
      return [problem('households.csv', 5, null, '', 'INVALID_CSV', /quote/i)];
    },
  ],
  [
    'an empty file',
    (files) => {
      files.files.set('grievances.csv', '');
      return [problem('grievances.csv', 1, null, '', 'MISSING_COLUMN', /the file is empty/)];
    },
  ],
  [
    'a required file missing',
    (files) => {
      files.files.delete('memberships.csv');
      return [problem('memberships.csv', null, null, '', 'MISSING_FILE')];
    },
  ],
  [
    'payments without enrolments',
    (files) => {
      files.files.delete('enrolments.csv');
      return [problem('enrolments.csv', null, null, '', 'MISSING_FILE', /payments.csv refer to enrolments/)];
    },
  ],
  [
    'a CSV file that is no record type',
    (files) => {
      files.files.set('beneficiaries.csv', 'id\n1\n');
      return [problem('beneficiaries.csv', null, null, '', 'UNKNOWN_FILE')];
    },
  ],
  ['a due date in the future (a payment scheduled ahead)', cell('payments.csv', payment, anyOne, keyOf, 'due_date', '2099-01-01', 'none')],
];

function keyOf2(area: { code: string }): string {
  return area.code;
}

let folders = 0;
async function readSpoilt(spoils: readonly Spoil[]): Promise<{ expected: Expected[]; problems: RegistryProblem[] }> {
  const files = new Files(base);
  const picker = new Picker();
  const expected = spoils.flatMap((spoil) => spoil(files, batch, picker)).filter((p) => p.code !== 'none');
  const folder = path.join(dir, `case-${(folders += 1)}`);
  await files.write(folder);
  const { problems } = await readRegistryFolder(folder, { today });
  return { expected, problems };
}

const plain = (p: RegistryProblem | Expected): Omit<Expected, 'message'> => ({
  file: p.file,
  row: p.row,
  record: p.record,
  field: p.field,
  code: p.code,
});

describe('a registry export with bad input', () => {
  it('reads the good export without a problem', async () => {
    const { problems } = await readSpoilt([]);
    expect(problems).toEqual([]);
  });

  it.each(CASES)('%s: exactly the problem expected, naming file, row, record and field', async (_name, spoil) => {
    const { expected, problems } = await readSpoilt([spoil]);
    expect(problems.map(plain)).toEqual(expected.map(plain));
    expected.forEach((e, i) => {
      if (e.message) expect(problems[i]?.message).toMatch(e.message);
    });
  });

  it('reports every problem of every file from one read, by file and row', async () => {
    const structural = /column|missing|without|twice|cell too many|quote|empty file|no record type/;
    const chosen = CASES.filter(([name]) => !structural.test(name)).map(([, spoil]) => spoil);
    const { expected, problems } = await readSpoilt(chosen);
    expect(expected.length).toBeGreaterThan(25);
    const order = (p: Omit<Expected, 'message'>): string => JSON.stringify(p);
    expect(problems.map(plain).sort((a, b) => order(a).localeCompare(order(b)))).toEqual(
      expected.map(plain).sort((a, b) => order(a).localeCompare(order(b))),
    );
    const files = problems.map((p) => p.file);
    expect(files.indexOf('payments.csv')).toBeGreaterThan(files.lastIndexOf('individuals.csv'));
    const rows = problems.filter((p) => p.file === 'payments.csv').map((p) => p.row ?? 0);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
  });

  it('says where each problem is in words', async () => {
    const { problems } = await readSpoilt([CASES.find(([name]) => name === 'an unknown sex')?.[1] ?? (() => [])]);
    const [first] = problems;
    if (!first) throw new Error('no problem');
    expect(describeRegistryProblem(first)).toMatch(
      /^individuals\.csv, row 2, record IND00000001, field sex: "female" is not one of F, M, X$/,
    );
  });

  it('takes today from the caller: dates after it are in the future', async () => {
    const files = new Files(base);
    const folder = path.join(dir, 'today');
    await files.write(folder);
    const early = '2025-01-15';
    const { problems } = await readRegistryFolder(folder, { today: early });
    const after = (date: string | null): number => (date !== null && date > early ? 1 : 0);
    const future = [
      ...batch.individuals.map((i) => after(i.dateOfBirth)),
      ...batch.enrolments.map((e) => after(e.enrolledOn) + after(e.exitedOn)),
      ...batch.payments.map((p) => after(p.paidDate)),
      ...batch.grievances.map((g) => after(g.openedOn) + after(g.closedOn)),
      ...batch.changes.map((c) => after(c.on)),
    ].reduce((a, b) => a + b, 0);
    expect(future).toBeGreaterThan(0);
    expect(problems.filter((p) => p.code === 'FUTURE_DATE')).toHaveLength(future);
    expect(problems.filter((p) => p.code !== 'FUTURE_DATE')).toEqual([]);
  });

  it('reports a record type given both as a sheet and as a CSV file, and reads it once (files in name order)', async () => {
    const files = new Files(base);
    const folder = path.join(dir, 'twice');
    await files.write(folder);
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('households').addRows(files.rows('households.csv'));
    workbook.addWorksheet('Notes').addRow(['not a record type: left alone']);
    await workbook.xlsx.writeFile(path.join(folder, 'extra.xlsx'));
    const { batch: read, problems } = await readRegistryFolder(folder, { today });
    expect(problems.map(plain)).toEqual([plain(problem('households.csv', null, null, '', 'DUPLICATE_FILE'))]);
    expect(problems[0]?.message).toMatch(/households are already read from extra.xlsx, sheet households/);
    expect(read.households).toEqual(batch.households);
  });

  it('reports a file that is no workbook', async () => {
    const files = new Files(base);
    const folder = path.join(dir, 'not-a-workbook');
    await files.write(folder);
    await writeFile(path.join(folder, 'registry.xlsx'), 'household_key,area_code\n');
    const { problems } = await readRegistryFolder(folder, { today });
    expect(problems.map((p) => [p.file, p.code])).toEqual([['registry.xlsx', 'INVALID_XLSX']]);
  });

  it('refuses a folder that does not exist, and a today that is no date', async () => {
    await expect(readRegistryFolder(path.join(dir, 'nowhere'), { today })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(readRegistryFolder(dir, { today: '15/01/2025' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
