/** What the budget page reads from the graph, as its JSON arrives in the browser (no imports: the browser build includes it). */

export type Kind = 'committed' | 'disbursed' | 'expended' | 'forward';
export const KINDS: readonly Kind[] = ['committed', 'disbursed', 'expended', 'forward'];

export interface KindTotal {
  amount: string;
  onTreasury: string;
  offTreasury: string;
}

export interface Total {
  key: { code?: string | null; sector?: string | null; budget?: string | null };
  rows: number;
  unconverted: number;
  amounts: Record<Kind, KindTotal>;
}

export interface PreviewRow {
  iatiIdentifier: string;
  title: string | null;
  fiscalYearLabel: string;
  code: string | null;
  codeName: string | null;
  share: string;
  donor: { ref: string | null; name: string | null };
  financeType: string;
  alignment: { onTreasury: { status: string }; onBudget: { status: string } };
  amounts: Record<Kind, { presented: { amount: string | null; currency: string; error: string | null } }>;
}

export interface ProjectionAnswer {
  aidProjection: {
    country: string;
    currency: string;
    totalCount: number;
    all: Total[];
    votes: Total[];
    voteBudget: Total[];
    sectors: Total[];
    rows: PreviewRow[];
  };
  financeCountry: { segments: { id: string; kind: string; codes: { code: string; name: string }[] }[] } | null;
}

export interface CountryShape {
  code: string;
  name: string;
  currency: string;
  fiscalYearStartMonth: number;
}
