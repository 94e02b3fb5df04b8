import { splitByWeight, splitCents, type Random } from '../random.js';
import { DISTRICT_WEIGHTS, NATIONAL } from './districts.js';
import { DOMESTIC_TOTAL, MWK_PER_USD, PROFILES, type FiscalYear, type Profile, type Where } from './plan.js';
import { PROJECTS } from './projects.js';
import { VOTES } from './votes.js';

/**
 * A year's budget lines at the approved stage, in whole kwacha. A line is one combination of codes;
 * `programme` and `subProgramme` are the two-digit parts within the vote, `cofog` the dotted class.
 */
export interface LineCodes {
  readonly vote: string;
  readonly costCentre: string;
  readonly programme: string;
  readonly subProgramme: string;
  readonly cofog: string;
  readonly gfs: string;
  readonly fund: string;
  readonly district: string;
  /** Donor project key, or '' for a line outside any project. */
  readonly project: string;
}

export interface ApprovedLine {
  readonly codes: LineCodes;
  approved: number;
}

/** Items below this share of a district-level profile are budgeted once at headquarters. */
const CENTRAL_BELOW = 20;

class YearLines {
  readonly lines = new Map<string, ApprovedLine>();

  add(codes: LineCodes, approved: number): void {
    if (approved <= 0) return;
    const key = Object.values(codes).join('|');
    const known = this.lines.get(key);
    if (known) known.approved += approved;
    else this.lines.set(key, { codes, approved });
  }
}

type Base = Omit<LineCodes, 'gfs' | 'district'>;

/** Spreads `amount` over the profile's items and the places in `where`. */
function place(random: Random, out: YearLines, base: Base, amount: number, profile: Profile, where: Where | readonly string[]): void {
  const items = PROFILES[profile];
  const shares = splitByWeight(
    random,
    amount,
    items.map(([, weight]) => weight),
    0.1,
  );
  items.forEach(([gfs, weight], i) => {
    const share = shares[i] ?? 0;
    if (where === 'hq' || (where === 'districts' && weight < CENTRAL_BELOW)) {
      out.add({ ...base, gfs, district: NATIONAL }, share);
      return;
    }
    const places =
      where === 'districts' ? DISTRICT_WEIGHTS : typeof where === 'string' ? [[where, 1] as const] : where.map((d) => [d, 1] as const);
    const split = splitByWeight(
      random,
      share,
      places.map(([, w]) => w),
      0.25,
    );
    places.forEach(([district], j) => out.add({ ...base, gfs, district }, split[j] ?? 0));
  });
}

function domesticLines(random: Random, year: FiscalYear, out: YearLines): void {
  const voteTotals = splitByWeight(
    random,
    DOMESTIC_TOTAL[year],
    VOTES.map((v) => v.weight * (v.byYear?.[year] ?? 1)),
    0.08,
  );
  VOTES.forEach((vote, v) => {
    const subTotals = splitByWeight(
      random,
      voteTotals[v] ?? 0,
      vote.subs.map((s) => s.weight),
      0.15,
    );
    vote.subs.forEach((plan, s) => {
      const [programme = '', subProgramme = ''] = plan.sub.split('-');
      const total = subTotals[s] ?? 0;
      const atTotals = splitCents(random, total, plan.at.length, 0.3);
      plan.at.forEach(([costCentre, where], a) => {
        const base = { vote: vote.vote, costCentre, programme, subProgramme, cofog: plan.cofog, fund: '1', project: '' };
        place(random, out, base, atTotals[a] ?? 0, plan.profile, where);
        if (plan.ownRevenue && a === 0) place(random, out, { ...base, fund: '4' }, Math.round(total * plan.ownRevenue), 'goods', where);
      });
    });
  });
}

function projectLines(random: Random, year: FiscalYear, out: YearLines): void {
  for (const project of PROJECTS) {
    if (!project.years.includes(year)) continue;
    const [programme = '', subProgramme = ''] = project.sub.split('-');
    const amount = Math.round(project.usdMillions * 1_000_000 * MWK_PER_USD[year] * (0.85 + random.next() * 0.3));
    const base = {
      vote: project.vote,
      costCentre: project.costCentre,
      programme,
      subProgramme,
      cofog: project.cofog,
      fund: project.fund,
      project: project.key,
    };
    place(random, out, base, amount, project.profile, project.where);
  }
}

/** The year's lines in a stable order: by vote, then by the rest of the codes. */
export function approvedLines(random: Random, year: FiscalYear): ApprovedLine[] {
  const out = new YearLines();
  domesticLines(random, year, out);
  projectLines(random, year, out);
  const key = (line: ApprovedLine): string => Object.values(line.codes).join('|');
  return [...out.lines.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
