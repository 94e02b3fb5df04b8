/** The totals by vote and by sector, the chart and the first rows, for the chosen filters. */
import { fail, graphql, say } from '../../../mapping/admin/browser/api.js';
import { amount, byId, count, percent, show, table, type Row } from '../../../mapping/admin/browser/dom.js';
import { STATUSES, voteChart } from './chart.js';
import { chosen, type Chosen } from './filters.js';
import { KINDS, type Kind, type PreviewRow, type ProjectionAnswer, type Total } from './shapes.js';

const AMOUNTS = `amounts { ${KINDS.map((k) => `${k} { amount onTreasury offTreasury }`).join(' ')} }`;
const PREVIEW_ROWS = 20;

const QUERY = `query BudgetPage($filter: AidProjectionFilter!, $country: String!) {
  aidProjection(filter: $filter) {
    country currency totalCount
    all: totals { key { code } rows unconverted ${AMOUNTS} }
    votes: totals(by: ["code"]) { key { code } rows unconverted ${AMOUNTS} }
    voteBudget: totals(by: ["code", "budget"]) { key { code budget } rows unconverted ${AMOUNTS} }
    sectors: totals(by: ["sector"]) { key { sector } rows unconverted ${AMOUNTS} }
    rows(limit: ${PREVIEW_ROWS}) {
      iatiIdentifier title fiscalYearLabel code codeName share donor { ref name } financeType
      alignment { onTreasury { status } onBudget { status } }
      amounts { ${KINDS.map((k) => `${k} { presented { amount currency error } }`).join(' ')} }
    }
  }
  financeCountry(code: $country) { segments { id kind codes { code name } } }
}`;

/** Per cent `part` is of `whole`, one decimal (a ratio for the eye; the amounts themselves are exact). */
function shareOf(part: string, whole: string): string | null {
  const w = Number(whole);
  return w === 0 ? null : (Math.round((Number(part) / w) * 1000) / 10).toFixed(1);
}

function treasuryShare(total: { onTreasury: string; offTreasury: string }): string | null {
  return shareOf(total.onTreasury, String(Number(total.onTreasury) + Number(total.offTreasury)));
}

function voteRows(answer: ProjectionAnswer['aidProjection'], kind: Kind, names: Map<string, string>): Row[] {
  const byStatus = (code: string | null | undefined, status: string) =>
    answer.voteBudget.find((t) => (t.key.code ?? null) === (code ?? null) && t.key.budget === status)?.amounts[kind].amount ?? '0.00';
  const ordered = [...answer.votes].sort((a, b) => Number(b.amounts[kind].amount) - Number(a.amounts[kind].amount));
  return ordered.map((t) => {
    const a = t.amounts[kind];
    return [
      t.key.code ?? 'unmapped',
      t.key.code ? (names.get(t.key.code) ?? '') : 'No rule places it',
      count(t.rows),
      ...STATUSES.map((s) => amount(byStatus(t.key.code, s.status))),
      amount(a.amount),
      amount(a.onTreasury),
      amount(a.offTreasury),
      percent(treasuryShare(a)),
    ];
  });
}

function sectorRows(totals: readonly Total[], kind: Kind): Row[] {
  const ordered = [...totals].sort((a, b) => Number(b.amounts[kind].amount) - Number(a.amounts[kind].amount));
  return ordered.map((t) => {
    const a = t.amounts[kind];
    return [
      t.key.sector ?? 'none reported',
      count(t.rows),
      amount(a.amount),
      amount(a.onTreasury),
      amount(a.offTreasury),
      percent(treasuryShare(a)),
    ];
  });
}

function previewRows(rows: readonly PreviewRow[], kind: Kind): Row[] {
  return rows.map((r) => {
    const presented = r.amounts[kind].presented;
    return [
      r.iatiIdentifier,
      r.title ?? '',
      r.fiscalYearLabel,
      r.code ? r.code + (r.codeName ? ' ' + r.codeName : '') : 'unmapped',
      r.donor.name ?? r.donor.ref ?? '',
      r.financeType,
      r.alignment.onBudget.status,
      r.alignment.onTreasury.status,
      presented.amount === null ? (presented.error ?? '—') : amount(presented.amount),
    ];
  });
}

function render(data: ProjectionAnswer, choice: Chosen): void {
  const answer = data.aidProjection;
  const kind = choice.kind;
  const currency = answer.currency;
  const administrative = data.financeCountry?.segments.find((s) => s.kind === 'administrative');
  const names = new Map((administrative?.codes ?? []).map((c) => [c.code, c.name]));
  const grand = answer.all[0];
  const bars = [...answer.votes]
    .sort((a, b) => Number(b.amounts[kind].amount) - Number(a.amounts[kind].amount))
    .slice(0, 15)
    .map((t) => ({
      label: t.key.code ? t.key.code + ' ' + (names.get(t.key.code) ?? '') : 'unmapped',
      text: amount(t.amounts[kind].amount),
      parts: Object.fromEntries(
        STATUSES.map((s) => [
          s.status,
          Number(answer.voteBudget.find((v) => v.key.code === t.key.code && v.key.budget === s.status)?.amounts[kind].amount ?? 0),
        ]),
      ),
    }));
  const onTreasury = grand ? treasuryShare(grand.amounts[kind]) : null;
  show(
    byId('vote-chart'),
    voteChart(bars, `Aid ${kind} per vote, ${currency}, on and off budget (the largest ${bars.length})`),
    grand ? `Of all aid ${kind} with a known treasury status, ${percent(onTreasury)} is on treasury.` : '',
  );
  show(
    byId('vote-totals'),
    table(
      `${kind[0]!.toUpperCase()}${kind.slice(1)} by vote, ${currency}`,
      [
        { label: 'Vote' },
        { label: 'Name' },
        { label: 'Rows', numeric: true },
        ...STATUSES.map((s) => ({ label: s.label[0]!.toUpperCase() + s.label.slice(1), numeric: true })),
        { label: 'Total', numeric: true },
        { label: 'On treasury', numeric: true },
        { label: 'Off treasury', numeric: true },
        { label: 'Share on treasury', numeric: true },
      ],
      voteRows(answer, kind, names),
      'votes',
    ),
  );
  show(
    byId('sector-totals'),
    table(
      `${kind[0]!.toUpperCase()}${kind.slice(1)} by DAC sector category, ${currency}`,
      ['Sector', 'Rows', 'Total', 'On treasury', 'Off treasury', 'Share on treasury'].map((label, i) => ({ label, numeric: i > 0 })),
      sectorRows(answer.sectors, kind),
      'sectors',
    ),
  );
  show(
    byId('preview'),
    table(
      `The first ${Math.min(PREVIEW_ROWS, answer.totalCount)} of ${count(answer.totalCount)} rows`,
      ['Activity', 'Title', 'Fiscal year', 'Vote', 'Donor', 'Finance type', 'On budget', 'On treasury', `${kind} (${currency})`].map(
        (label, i) => ({ label, numeric: i === 8 }),
      ),
      previewRows(answer.rows, kind),
      'preview',
    ),
  );
  const unconverted = grand?.unconverted ?? 0;
  say(
    `${count(answer.totalCount)} rows; total ${kind} ${amount(grand?.amounts[kind].amount ?? '0.00')} ${currency}` +
      (unconverted > 0 ? ` (${count(unconverted)} rows without a rate to ${currency} left out of the sums)` : ''),
    'ok',
  );
}

export async function showTotals(): Promise<void> {
  const choice = chosen();
  say('Adding up…', 'busy');
  try {
    render(await graphql<ProjectionAnswer>(QUERY, { filter: choice.filter, country: choice.filter.country }), choice);
  } catch (failure) {
    fail(failure, 'Adding up');
  }
}
