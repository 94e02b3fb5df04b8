import type { Grievance, HouseholdChange } from '../../../../connectors/registry/types.js';
import type { Random } from '../random.js';
import { dayIn, isoOf } from './dates.js';
import type { Period } from './payments.js';
import { PWP, SCTP, SMP } from './programmes.js';

/**
 * Grievances as a grievance redress mechanism logs them (anonymous: an area, not a person) and
 * the household changes a registry records between two verifications.
 */
type Category = readonly [
  name: string,
  weight: number,
  programmes: readonly (string | null)[],
  priorities: readonly Grievance['priority'][],
];

const CATEGORIES: readonly Category[] = [
  ['payment not received', 30, [SCTP, SCTP, SCTP, PWP, SMP], ['medium', 'high', 'high']],
  ['wrong amount', 18, [SCTP, SCTP, PWP], ['low', 'medium', 'medium']],
  ['exclusion error', 20, [SCTP, SCTP, SCTP, null], ['low', 'medium']],
  ['inclusion error', 6, [SCTP, PWP], ['low', 'medium']],
  ['staff conduct', 8, [SCTP, PWP, null], ['medium', 'high', 'high']],
  ['data correction', 12, [SCTP, null, null], ['low', 'low', 'medium']],
  ['other', 6, [null, SCTP], ['low']],
];

const CHANNELS: readonly (readonly [string, number])[] = [
  ['hotline', 30],
  ['community committee', 40],
  ['SMS', 15],
  ['district office', 15],
];

function weighted<T extends readonly [unknown, number, ...unknown[]]>(random: Random, items: readonly T[]): T {
  let r = random.next() * items.reduce((sum, item) => sum + item[1], 0);
  for (const item of items) {
    r -= item[1];
    if (r < 0) return item;
  }
  const last = items.at(-1);
  if (!last) throw new Error('no items');
  return last;
}

/** About four grievances a year per hundred households, resolved within days to two months. */
export function grievances(
  random: Random,
  period: Period,
  asOf: number,
  villageOf: (household: number) => string,
  households: number,
): Grievance[] {
  const months = period.end - period.start + 1;
  const count = Math.round(households * months * 0.0035);
  const found: Omit<Grievance, 'key'>[] = [];
  for (let n = 1; n <= count; n += 1) {
    const [category, , programmes, priorities] = weighted(random, CATEGORIES);
    const [channel] = weighted(random, CHANNELS);
    const opened = dayIn(random.int(period.start, period.end), random.int(1, 28));
    const closes = opened + (random.chance(0.9) ? random.int(2, 60) : 400);
    const done = closes <= asOf;
    found.push({
      programmeCode: random.pick(programmes),
      category,
      channel,
      priority: random.pick(priorities),
      status: done ? (random.chance(0.7) ? 'closed' : 'resolved') : random.chance(0.5) ? 'open' : 'in-progress',
      openedOn: isoOf(opened),
      closedOn: done ? isoOf(closes) : null,
      areaCode: villageOf(random.int(0, households - 1)),
    });
  }
  // Numbered in the order they were opened, as a register numbers them.
  found.sort((a, b) => (a.openedOn < b.openedOn ? -1 : a.openedOn > b.openedOn ? 1 : 0));
  return found.map((grievance, n) => ({ key: `GRM-${String(n + 1).padStart(6, '0')}`, ...grievance }));
}

/** Births and newcomers, deaths and departures, and moves: about one household in eight a year. */
export function householdChanges(random: Random, period: Period, householdKey: string): HouseholdChange[] {
  const changes: HouseholdChange[] = [];
  for (let month = period.start; month <= period.end; month += 1) {
    const r = random.next();
    if (r >= 0.011) continue;
    const kind = r < 0.005 ? 'member-added' : r < 0.0095 ? 'member-left' : 'moved';
    changes.push({ householdKey, kind, on: isoOf(dayIn(month, random.int(1, 28))) });
  }
  return changes;
}
