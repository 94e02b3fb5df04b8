import type { RecordType } from './columns.js';
import type { RegistryProblemCode, RegistryProblems } from './problems.js';
import type { PlainRecord, Table } from './table.js';

/**
 * Rules between records, once every file is read: references resolve (areas, households,
 * individuals, programmes, beneficiaries), a person is in one household and has one national
 * ID, a household has one recipient, and a payment goes to someone enrolled in its programme.
 * A record breaking one stays in the batch; the problem keeps the batch from being loaded.
 *
 * One mistake is one problem: a reference to a row rejected for a problem of its own is not
 * reported again, nor are references into a file that could not be read through.
 */
export function checkReferences(
  tables: ReadonlyMap<RecordType, Table>,
  problems: RegistryProblems,
  /** How the export names a record type's file (for a file it lacks). */
  fileName: (type: RecordType) => string,
): void {
  const context = new References(tables);
  const pass = (type: RecordType, check: (record: PlainRecord, report: Report) => void): void => each(tables.get(type), problems, check);

  pass('areas', (record, report) => checkArea(record, report, context));
  for (const type of ['households', 'individuals', 'grievances'] as const) {
    pass(type, (record, report) => {
      if (context.known('areas', record.areaCode) === false)
        report('area_code', 'UNKNOWN_AREA', `no area ${String(record.areaCode)} in areas`);
    });
  }
  checkNationalIds(tables.get('individuals'), problems);
  checkMemberships(tables.get('memberships'), problems, context);
  pass('enrolments', (record, report) => checkBeneficiary(record, report, context));
  pass('payments', (record, report) => {
    const programme = checkBeneficiary(record, report, context);
    if (!programme) return;
    if (programme.record && programme.record.currency !== record.currency) {
      const pays = `${String(record.programmeCode)} pays in ${String(programme.record.currency)}`;
      report('currency', 'CURRENCY_MISMATCH', `${String(record.currency)}, but ${pays}`);
    }
    if (
      programme.beneficiaryKnown &&
      context.known('enrolments', `${String(record.programmeCode)}/${String(record.beneficiaryKey)}`) === false
    ) {
      report('beneficiary_key', 'NOT_ENROLLED', `${String(record.beneficiaryKey)} has no enrolment in ${String(record.programmeCode)}`);
    }
  });
  pass('grievances', (record, report) => {
    const code = record.programmeCode;
    if (code !== null && context.known('programmes', code) === false)
      report('programme_code', 'UNKNOWN_PROGRAMME', `no programme ${String(code)}`);
  });
  pass('programme-funding', (record, report) => {
    if (context.known('programmes', record.programmeCode) === false)
      report('programme_code', 'UNKNOWN_PROGRAMME', `no programme ${String(record.programmeCode)} in programmes`);
    if (record.share !== null && Number(record.share) > 100)
      report('share', 'BAD_SHARE', `${String(record.share)} is more than 100 per cent`);
  });
  pass('household-changes', (record, report) => {
    const key = record.householdKey;
    if (context.known('households', key) === false)
      report('household_key', 'UNKNOWN_HOUSEHOLD', `no household ${String(key)} in households`);
  });
  // Payments and enrolments cannot be checked without what they refer to: said once, not per row.
  const needs = (type: RecordType, by: readonly RecordType[]): void => {
    const users = by.filter((t) => (tables.get(t)?.records.length ?? 0) > 0);
    if (tables.has(type) || users.length === 0) return;
    const user = tables.get(users[0] ?? type);
    problems.add(
      fileName(type),
      null,
      null,
      '',
      'MISSING_FILE',
      `${user?.file ?? users.join(', ')} refer to ${type}, but the export has none`,
    );
  };
  needs('programmes', ['enrolments', 'payments', 'programme-funding']);
  needs('enrolments', ['payments']);
}

/** Whether a key is known: true or false, or null when its table is absent or unreadable (no verdict). */
class References {
  private readonly parsed = new Map<RecordType, Map<string, PlainRecord>>();

  constructor(private readonly tables: ReadonlyMap<RecordType, Table>) {}

  known(type: RecordType, key: unknown): boolean | null {
    const table = this.tables.get(type);
    if (!table?.readable) return null;
    return table.known.has(String(key));
  }

  /** The parsed record with this key, if its row had no problem of its own. */
  record(type: RecordType, key: unknown): PlainRecord | undefined {
    let byKey = this.parsed.get(type);
    if (!byKey) {
      const table = this.tables.get(type);
      const field = table?.spec.columns.find((c) => c.name === table.spec.key[0])?.field ?? '';
      byKey = new Map((table?.records ?? []).map((r) => [String(r[field]), r]));
      this.parsed.set(type, byKey);
    }
    return byKey.get(String(key));
  }
}

type Report = (column: string, code: RegistryProblemCode, message: string) => void;

/** Runs `check` on every record of a table with a `report` that names the record's file, row, key and column. */
function each(table: Table | undefined, problems: RegistryProblems, check: (record: PlainRecord, report: Report) => void): void {
  if (!table) return;
  const keyFields = table.spec.key.map((column) => table.spec.columns.find((c) => c.name === column)?.field ?? column);
  table.records.forEach((record, at) => {
    const row = table.rows[at] ?? null;
    const key = keyFields.map((field) => String(record[field])).join('/');
    check(record, (column, code, message) => problems.add(table.file, row, key, table.columnNames.get(column) ?? column, code, message));
  });
}

function checkArea(record: PlainRecord, report: Report, context: References): void {
  const parent = record.parent;
  if (parent === null) {
    if (record.level !== 1) report('parent_code', 'BAD_LEVEL', `a level-${String(record.level)} area needs a parent`);
    return;
  }
  if (context.known('areas', parent) === false) {
    report('parent_code', 'UNKNOWN_PARENT', `no area ${String(parent)} in areas`);
    return;
  }
  const found = context.record('areas', parent);
  if (found && found.level !== Number(record.level) - 1) {
    const levels = `level ${String(record.level)} under ${String(parent)} at level ${String(found.level)}`;
    report('level', 'BAD_LEVEL', `${levels}; an area is one level below its parent`);
  }
}

/**
 * Checks an enrolment's or payment's programme and beneficiary (a household or an individual, as
 * the programme targets); returns the programme when it is known, and whether the beneficiary is.
 */
function checkBeneficiary(
  record: PlainRecord,
  report: Report,
  context: References,
): { record: PlainRecord | undefined; beneficiaryKnown: boolean } | null {
  const code = String(record.programmeCode);
  const key = String(record.beneficiaryKey);
  const programmeKnown = context.known('programmes', code);
  if (programmeKnown === false) report('programme_code', 'UNKNOWN_PROGRAMME', `no programme ${code} in programmes`);
  const household = context.known('households', key);
  const individual = context.known('individuals', key);
  const programme = context.record('programmes', code);
  let beneficiaryKnown = household === true || individual === true;
  if (household === false && individual === false) {
    report('beneficiary_key', 'UNKNOWN_BENEFICIARY', `no household or individual ${key}`);
  } else if (programme?.targeting === 'household' && household === false && individual === true) {
    report('beneficiary_key', 'UNKNOWN_BENEFICIARY', `${key} is an individual, but ${code} enrols households`);
    beneficiaryKnown = false;
  } else if (programme?.targeting === 'individual' && individual === false && household === true) {
    report('beneficiary_key', 'UNKNOWN_BENEFICIARY', `${key} is a household, but ${code} enrols individuals`);
    beneficiaryKnown = false;
  }
  return programmeKnown === true ? { record: programme, beneficiaryKnown } : null;
}

function checkNationalIds(table: Table | undefined, problems: RegistryProblems): void {
  const seen = new Map<string, string>();
  each(table, problems, (record, report) => {
    if (record.nationalId === null) return;
    const id = String(record.nationalId).toUpperCase();
    const first = seen.get(id);
    if (first === undefined) seen.set(id, String(record.key));
    // The ID itself is not quoted: the refusal is kept in the import log, which must hold no national ID in clear.
    else report('national_id', 'DUPLICATE_NATIONAL_ID', `the same national ID as ${first}`);
  });
}

function checkMemberships(table: Table | undefined, problems: RegistryProblems, context: References): void {
  const householdOf = new Map<string, string>();
  const recipientOf = new Map<string, string>();
  each(table, problems, (record, report) => {
    const household = String(record.householdKey);
    const individual = String(record.individualKey);
    if (context.known('households', household) === false)
      report('household_key', 'UNKNOWN_HOUSEHOLD', `no household ${household} in households`);
    if (context.known('individuals', individual) === false) {
      report('individual_key', 'UNKNOWN_INDIVIDUAL', `no individual ${individual} in individuals`);
    }
    const other = householdOf.get(individual);
    if (other === undefined) householdOf.set(individual, household);
    else if (other !== household)
      report('individual_key', 'MEMBER_OF_TWO_HOUSEHOLDS', `${individual} is already a member of household ${other}`);
    if (record.recipient !== true) return;
    const recipient = recipientOf.get(household);
    if (recipient === undefined) recipientOf.set(household, individual);
    else report('recipient', 'MULTIPLE_RECIPIENTS', `household ${household} already has recipient ${recipient}; a household has one`);
  });
}
