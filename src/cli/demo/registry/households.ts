import type { HouseholdRole, Membership, RegistryIndividual, Sex } from '../../../../connectors/registry/types.js';
import type { Random } from '../random.js';
import type { RegionLetter } from './areas.js';
import { isoOf, yearsBefore } from './dates.js';
import { FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES } from './names.js';

/**
 * Who lives in a household, as a registry of poor and labour-constrained households sees it:
 * 1 to 9 members (about 4.4 on average), heads mostly adults, about a third of them elderly, a few
 * children heading their siblings; women head about half of the households. A member's age is in
 * whole years on the reference day (the first day of the first payment cycle).
 */
export interface Member {
  readonly role: HouseholdRole;
  readonly sex: Sex;
  readonly age: number;
  readonly givenName: string;
  readonly familyName: string;
}

export type HeadKind = 'adult' | 'elderly' | 'child';

const SIZE_WEIGHTS = [8, 12, 16, 18, 16, 12, 8, 6, 4];

function weighted(random: Random, weights: readonly number[]): number {
  let r = random.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i += 1) {
    r -= weights[i] ?? 0;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** An age in [min, max], more often towards the low end (`skew` > 1). */
function ageBetween(random: Random, min: number, max: number, skew = 1): number {
  return min + Math.floor(random.next() ** skew * (max - min + 1));
}

const givenName = (random: Random, sex: Sex): string => random.pick(sex === 'F' ? FEMALE_NAMES : MALE_NAMES);
const other = (sex: Sex): Sex => (sex === 'F' ? 'M' : 'F');

export function composeHousehold(random: Random, region: RegionLetter): { kind: HeadKind; members: Member[] } {
  const size = weighted(random, SIZE_WEIGHTS) + 1;
  const r = random.next();
  const kind: HeadKind = size <= 5 && r < 0.015 ? 'child' : r < 0.32 ? 'elderly' : 'adult';
  const families = FAMILY_NAMES[region];
  const family = random.pick(families);
  const headSex: Sex = random.chance(kind === 'elderly' ? 0.62 : kind === 'adult' ? 0.45 : 0.5) ? 'F' : 'M';
  const headAge =
    kind === 'child' ? random.int(13, 17) : kind === 'elderly' ? ageBetween(random, 65, 94, 1.6) : ageBetween(random, 18, 64, 1.3);
  const members: Member[] = [{ role: 'head', sex: headSex, age: headAge, givenName: givenName(random, headSex), familyName: family }];
  const spouseChance = kind === 'child' ? 0 : headSex === 'M' ? (kind === 'elderly' ? 0.6 : 0.8) : kind === 'elderly' ? 0.1 : 0.12;
  let childrenFamily = family;
  if (size >= 2 && random.chance(spouseChance)) {
    const sex = other(headSex);
    const age = sex === 'F' ? Math.max(kind === 'elderly' ? 50 : 16, headAge - random.int(0, 10)) : headAge + random.int(0, 8);
    // Most wives take the husband's name; the husband of a woman heading the household has his own.
    const ownName = sex === 'M' || !random.chance(0.75);
    const spouseFamily = ownName ? random.pick(families) : family;
    if (sex === 'M' && random.chance(0.6)) childrenFamily = spouseFamily;
    members.push({ role: 'spouse', sex, age, givenName: givenName(random, sex), familyName: spouseFamily });
  }
  const dependants = { kind, headAge, childrenFamily, families, family, nextChild: firstChildAge(random, kind, headAge) };
  while (members.length < size) members.push(dependant(random, dependants));
  return { kind, members };
}

interface Dependants {
  readonly kind: HeadKind;
  readonly headAge: number;
  readonly childrenFamily: string;
  readonly families: readonly string[];
  readonly family: string;
  /** The age of the head's next child, oldest first; below 0 when no more can be the head's. */
  nextChild: number;
}

/** The eldest child still at home: born when the parent was 15 at the earliest, and at most 24. */
function firstChildAge(random: Random, kind: HeadKind, headAge: number): number {
  const oldest = Math.min(headAge - 15, 24);
  return kind === 'adult' && oldest >= 0 ? ageBetween(random, 0, oldest, 0.8) : -1;
}

function dependant(random: Random, d: Dependants): Member {
  const sex: Sex = random.chance(0.5) ? 'F' : 'M';
  const member = (role: HouseholdRole, age: number, familyName: string): Member => ({
    role,
    sex,
    age,
    givenName: givenName(random, sex),
    familyName,
  });
  // Siblings of a child head.
  if (d.kind === 'child') return member('other', random.int(0, d.headAge - 1), d.family);
  // Grandchildren and orphans of relatives with an elderly head; some adult children stay.
  if (d.kind === 'elderly') {
    if (random.chance(0.25)) return member('child', random.int(18, Math.min(55, d.headAge - 18)), d.family);
    return member('other', random.int(0, 17), random.chance(0.6) ? d.family : random.pick(d.families));
  }
  // Children one to four years apart; a relative when no (more) child fits the head's age.
  if (d.nextChild >= 0 && random.chance(0.85)) {
    const age = d.nextChild;
    d.nextChild -= random.int(1, 4);
    return member('child', age, d.childrenFamily);
  }
  return member('other', random.int(0, 75), random.chance(0.5) ? d.family : random.pick(d.families));
}

const ID_CHARACTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** An NRB-like national ID: eight letters and digits (no I, O, 0 or 1), unique in `used`. */
export function nationalId(random: Random, used: Set<string>): string {
  for (;;) {
    let id = '';
    for (let i = 0; i < 8; i += 1) id += ID_CHARACTERS[random.int(0, ID_CHARACTERS.length - 1)];
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

/** Airtel (099, 098) and TNM (088, 089) numbers, written +265 and nine digits. */
export function phoneNumber(random: Random): string {
  const prefix = random.pick(['99', '99', '98', '88', '88', '89']);
  return `+265${prefix}${String(random.int(0, 9_999_999)).padStart(7, '0')}`;
}

export interface PeopleContext {
  readonly random: Random;
  /** The reference day (days since the epoch) that ages are counted on. */
  readonly reference: number;
  readonly usedIds: Set<string>;
  nextIndividual: number;
}

/** A household's members as registry individuals and memberships, with one recipient. */
export function registerMembers(
  context: PeopleContext,
  householdKey: string,
  areaCode: string,
  members: readonly Member[],
): { individuals: RegistryIndividual[]; memberships: Membership[] } {
  const { random } = context;
  const individuals = members.map((m): RegistryIndividual => {
    context.nextIndividual += 1;
    // Born between `age + 1` years (exclusive) and `age` years before the reference day.
    const latest = yearsBefore(context.reference, m.age);
    const earliest = yearsBefore(context.reference, m.age + 1) + 1;
    const born = random.int(earliest, latest);
    // IDs are issued from 16; some adults have none yet, or it was not recorded.
    const id = m.age >= 16 && random.chance(0.9) ? nationalId(random, context.usedIds) : null;
    const phone = m.age >= 18 && random.chance(m.role === 'head' ? 0.6 : 0.3) ? phoneNumber(random) : null;
    return {
      key: `IND${String(context.nextIndividual).padStart(8, '0')}`,
      givenName: m.givenName,
      familyName: m.familyName,
      sex: m.sex,
      dateOfBirth: isoOf(born),
      nationalId: id,
      phone,
      areaCode,
    };
  });
  const recipient = recipientOf(random, members);
  const memberships = members.map((m, i) => ({
    householdKey,
    individualKey: individuals[i]?.key ?? '',
    role: m.role,
    recipient: i === recipient,
  }));
  return { individuals, memberships };
}

/** The head most often; otherwise a spouse or another adult member (for a frail or absent head). */
function recipientOf(random: Random, members: readonly Member[]): number {
  if (random.chance(0.85)) return 0;
  const adults = members.map((m, i) => (i > 0 && m.age >= 18 ? i : -1)).filter((i) => i > 0);
  const spouse = members.findIndex((m) => m.role === 'spouse' && m.age >= 18);
  if (spouse > 0) return spouse;
  return adults.length > 0 ? random.pick(adults) : 0;
}
