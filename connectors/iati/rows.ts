import { orgKey } from './org-key.js';
import type { ActivityRecord, OrgRef, Sector } from './types.js';

// What a normalised activity derives for its rows: titles, the funder rule, numbering and the
// organisations it names. Which columns they go to is aid's (src/aid/load/tables.ts).

/** The title shown: English if the publisher gave one, else the activity's language, else the first. */
export function preferredTitle(record: ActivityRecord): string | null {
  const titles = record.titles;
  const pick = titles.find((t) => t.lang?.toLowerCase() === 'en') ?? titles.find((t) => t.lang === record.defaultLang) ?? titles[0];
  return pick?.text ?? null;
}

/** The reporting organisation also appears as a funding participant (role 1). */
export function isFunder(record: ActivityRecord): boolean {
  const key = orgKey(record.reportingOrg);
  return key !== null && record.participatingOrgs.some((o) => o.role === '1' && orgKey(o) === key);
}

/** An item and its 1-based position among its siblings (the `seq` column). */
export type Indexed<T> = { readonly item: T; readonly seq: number };

/** A sector and, at transaction level, its transaction's seq. */
export type SectorSource = Indexed<Sector> & { readonly transactionSeq: number | null };

export function indexed<T>(items: readonly T[]): Indexed<T>[] {
  return items.map((item, i) => ({ item, seq: i + 1 }));
}

/** Activity-level sectors, then each transaction's, numbered within their parent. */
export function sectorSources(record: ActivityRecord): SectorSource[] {
  return [
    ...record.sectors.map((item, i) => ({ item, seq: i + 1, transactionSeq: null })),
    ...record.transactions.flatMap((t, ti) => t.sectors.map((item, i) => ({ item, seq: i + 1, transactionSeq: ti + 1 }))),
  ];
}

/** Every organisation the activity names, once each, for the organisation directory. */
export function organisationsOf(record: ActivityRecord): OrgRef[] {
  const orgs: (OrgRef | null)[] = [record.reportingOrg, ...record.participatingOrgs];
  for (const t of record.transactions) orgs.push(t.provider, t.receiver);
  for (const p of record.plannedDisbursements) orgs.push(p.provider, p.receiver);
  const byKey = new Map<string, OrgRef>();
  for (const org of orgs) {
    const key = orgKey(org);
    if (!org || key === null) continue;
    const known = byKey.get(key);
    byKey.set(
      key,
      known ? { ref: known.ref ?? org.ref, name: known.name ?? org.name, type: known.type ?? org.type, activityId: null } : org,
    );
  }
  return [...byKey.values()];
}
