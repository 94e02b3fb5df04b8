import { RegistryProblems } from '../problems.js';
import type {
  AdminArea,
  Enrolment,
  Membership,
  Payment,
  RegistryBatch,
  RegistryHousehold,
  RegistryIndividual,
  RegistryProblem,
  RegistryProgramme,
} from '../types.js';
import type { Report } from './values.js';

/**
 * Gathers the records normalised from DCI messages and the checks that span records: one key per
 * household and individual, one national ID per person, one household per member, one recipient
 * per household, one programme currency.
 */
export class BatchBuilder {
  private readonly problems = new RegistryProblems();
  private readonly households = new Map<string, RegistryHousehold>();
  private readonly individuals = new Map<string, RegistryIndividual>();
  private readonly holders = new Map<string, string>();
  private readonly memberOf = new Map<string, string>();
  private readonly memberships: Membership[] = [];
  private readonly areas = new Map<string, AdminArea>();
  private readonly programmes = new Map<string, RegistryProgramme>();
  private readonly enrolments = new Map<string, Enrolment>();
  private readonly payments = new Map<string, Payment>();
  private latest: string | null = null;

  constructor(readonly file: string) {}

  report(record: string | null): Report {
    return (field, code, message) => this.problems.add(this.file, null, record, field, code, message);
  }

  /** The latest update time seen (the watermark of the pull). */
  seen(at: string | null): void {
    if (at !== null && (this.latest === null || at > this.latest)) this.latest = at;
  }

  addAreas(areas: readonly AdminArea[]): void {
    for (const area of areas) if (!this.areas.has(area.code)) this.areas.set(area.code, area);
  }

  addHousehold(household: RegistryHousehold, field: string): boolean {
    if (this.households.has(household.key)) {
      this.report(household.key)(field, 'DUPLICATE_KEY', `household ${household.key} comes twice`);
      return false;
    }
    this.households.set(household.key, household);
    return true;
  }

  /** A person met again (a head listed among the members too) is the same person: kept once. */
  addIndividual(individual: RegistryIndividual, field: string, nationalIdField: string, repeatIsProblem: boolean): void {
    if (this.individuals.has(individual.key)) {
      if (repeatIsProblem) this.report(individual.key)(field, 'DUPLICATE_KEY', `individual ${individual.key} comes twice`);
      return;
    }
    if (individual.nationalId !== null) {
      const holder = this.holders.get(individual.nationalId);
      if (holder !== undefined && holder !== individual.key) {
        this.report(individual.key)(
          nationalIdField,
          'DUPLICATE_NATIONAL_ID',
          // Not the ID itself: the refusal is kept in the import log, which holds no national ID in clear.
          `the same national ID as individual ${holder}`,
        );
      } else this.holders.set(individual.nationalId, individual.key);
    }
    this.individuals.set(individual.key, individual);
  }

  addMembership(membership: Membership, field: string): void {
    const { individualKey, householdKey } = membership;
    const current = this.memberOf.get(individualKey);
    if (current === householdKey) return;
    if (current !== undefined) {
      this.report(individualKey)(
        field,
        'MEMBER_OF_TWO_HOUSEHOLDS',
        `individual ${individualKey} is a member of households ${current} and ${householdKey}`,
      );
      return;
    }
    if (membership.recipient && this.memberships.some((m) => m.householdKey === householdKey && m.recipient)) {
      this.report(individualKey)(field, 'MULTIPLE_RECIPIENTS', `household ${householdKey} has more than one head`);
      return;
    }
    this.memberOf.set(individualKey, householdKey);
    this.memberships.push(membership);
  }

  /** First seen wins; a second currency for one programme is a problem. */
  addProgramme(programme: RegistryProgramme, field: string, record: string): void {
    const known = this.programmes.get(programme.code);
    if (!known) {
      this.programmes.set(programme.code, programme);
    } else if (known.currency === '' && programme.currency !== '') {
      this.programmes.set(programme.code, { ...known, currency: programme.currency });
    } else if (programme.currency !== '' && programme.currency !== known.currency) {
      this.report(record)(field, 'CURRENCY_MISMATCH', `programme ${programme.code} pays in ${known.currency}, not ${programme.currency}`);
    }
  }

  hasProgramme(code: string): boolean {
    return this.programmes.has(code);
  }

  addEnrolment(enrolment: Enrolment, field: string): void {
    const key = `${enrolment.programmeCode}\u0000${enrolment.beneficiaryKey}`;
    if (this.enrolments.has(key)) {
      this.report(enrolment.beneficiaryKey)(
        field,
        'DUPLICATE_KEY',
        `${enrolment.beneficiaryKey} is enrolled in ${enrolment.programmeCode} twice`,
      );
      return;
    }
    this.enrolments.set(key, enrolment);
  }

  /** DCI payroll entries carry no id: the key is beneficiary/programme/date, numbered on repeats. */
  addPayment(payment: Omit<Payment, 'key'>): void {
    const base = `${payment.beneficiaryKey}/${payment.programmeCode}/${payment.dueDate}`;
    let key = base;
    for (let n = 2; this.payments.has(key); n++) key = `${base}#${n}`;
    this.payments.set(key, { key, ...payment });
  }

  build(): { batch: RegistryBatch; problems: RegistryProblem[]; latest: string | null } {
    return {
      batch: {
        programmes: [...this.programmes.values()],
        // DCI carries no programme funding: the hub keeps what it holds.
        funding: [],
        areas: [...this.areas.values()].sort((a, b) => a.level - b.level || a.code.localeCompare(b.code)),
        households: [...this.households.values()],
        individuals: [...this.individuals.values()],
        memberships: this.memberships,
        enrolments: [...this.enrolments.values()],
        payments: [...this.payments.values()],
        grievances: [],
        changes: [],
      },
      problems: this.problems.sorted([this.file]),
      latest: this.latest,
    };
  }
}
