import type {
  Enrolment,
  HouseholdChange,
  Membership,
  RegistryBatch,
  RegistryHousehold,
  RegistryIndividual,
} from '../../../../connectors/registry/types.js';
import { mulberry32 } from '../random.js';
import { areasOf, districtsOf, villageFor } from './areas.js';
import { dayIn, isoOf, parseCycle } from './dates.js';
import { enrolHousehold } from './enrolments.js';
import { grievances, householdChanges } from './grievances.js';
import { composeHousehold, registerMembers, type PeopleContext } from './households.js';
import { payDays, type Payroll } from './payments.js';
import { PROGRAMME_FUNDING, PROGRAMMES } from './programmes.js';

/**
 * A synthetic Malawian social-protection registry (no real registry data is public): admin areas
 * down to villages, households and their members, enrolments in three programmes, monthly
 * payrolls, grievances and household changes. The same options always give the same batch;
 * nothing reads the clock. Everything happens by `registryAsOf(options)`; ages are whole years on
 * `registryReferenceDay(options)`, the first day of the first cycle.
 */
export const REGISTRY_SEED = 20241001;

export interface RegistryOptions {
  readonly seed?: number;
  /** How many households (the scale knob: 10 000 take well under a second or two). */
  readonly households?: number;
  /** The first payment cycle, `YYYY-MM`. */
  readonly startCycle?: string;
  /** How many monthly cycles. */
  readonly cycles?: number;
}

/** October 2024 to September 2025: the twelve cycles up to the demo's "as of" month. */
export const REGISTRY_DEFAULTS = { seed: REGISTRY_SEED, households: 2_000, startCycle: '2024-10', cycles: 12 } as const;

function settings(options: RegistryOptions): { seed: number; households: number; start: number; end: number } {
  const { seed, households, startCycle, cycles } = { ...REGISTRY_DEFAULTS, ...options };
  if (!Number.isInteger(households) || households < 0) throw new Error(`households must be a whole number, not ${households}`);
  if (!Number.isInteger(cycles) || cycles < 1) throw new Error(`cycles must be a whole number from 1, not ${cycles}`);
  const start = parseCycle(startCycle);
  return { seed, households, start, end: start + cycles - 1 };
}

/** The last day of the month after the last cycle: no date of the registry is later. */
export function registryAsOf(options: RegistryOptions = {}): string {
  return isoOf(dayIn(settings(options).end + 2, 0));
}

export function registryReferenceDay(options: RegistryOptions = {}): string {
  return isoOf(dayIn(settings(options).start, 1));
}

export function generateRegistry(options: RegistryOptions = {}): RegistryBatch {
  const { seed, households: count, start, end } = settings(options);
  const random = mulberry32(seed);
  const period = { start, end };
  const districts = districtsOf(random);
  const payroll: Payroll = { random, period, payDay: payDays(random, districts.length, period), payments: [], serial: 0 };
  const enrolContext = { random, payroll, enrolments: [] as Enrolment[] };
  const people: PeopleContext = { random, reference: dayIn(start, 1), usedIds: new Set(), nextIndividual: 0 };
  const total = districts.reduce((sum, d) => sum + d.weight, 0);
  const households: RegistryHousehold[] = [];
  const individuals: RegistryIndividual[] = [];
  const memberships: Membership[] = [];
  const changes: HouseholdChange[] = [];
  for (let n = 1; n <= count; n += 1) {
    let r = random.next() * total;
    const districtIndex = Math.max(
      0,
      districts.findIndex((d) => (r -= d.weight) < 0),
    );
    const district = districts[districtIndex] ?? districts[0];
    if (!district) break;
    const village = villageFor(random, random.pick(district.tas));
    const key = `HH${String(n).padStart(7, '0')}`;
    const { kind, members } = composeHousehold(random, district.region);
    const registered = registerMembers(people, key, village.code, members);
    households.push({ key, areaCode: village.code });
    individuals.push(...registered.individuals);
    memberships.push(...registered.memberships);
    const recipient = registered.memberships.findIndex((m) => m.recipient);
    enrolHousehold(enrolContext, { key, kind, members, individuals: registered.individuals, recipient, district, districtIndex, village });
    changes.push(...householdChanges(random, period, key));
  }
  const asOf = dayIn(end + 2, 0);
  const villageOf = (household: number): string => households[household]?.areaCode ?? '';
  return {
    programmes: [...PROGRAMMES],
    funding: [...PROGRAMME_FUNDING],
    areas: areasOf(districts),
    households,
    individuals,
    memberships,
    enrolments: enrolContext.enrolments,
    payments: payroll.payments,
    grievances: grievances(random, period, asOf, villageOf, count),
    changes,
  };
}
