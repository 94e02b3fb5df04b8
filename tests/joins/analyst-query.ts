/** The analyst's one query lives beside the demo data it runs on (the bench measures it too). */
export { ANALYST_QUERY } from '../../src/cli/demo/analyst-query.js';

export interface AnalystAnswer {
  coaCode: {
    code: string;
    name: string;
    budget: { fiscalYear: string; currency: string; lines: number; amounts: { approved: string; paid: string } }[];
    aid: {
      fiscalYear: string;
      aid: { disbursed: { total: string; onBudget: string } };
      activities: {
        activity: { iatiIdentifier: string; title: string };
        code: string;
        share: string;
        amounts: {
          disbursed: {
            transaction: { amount: string; currency: string };
            presented: { amount: string | null; currency: string; rate: string | null };
          };
        };
      }[];
    }[];
    programmes: {
      code: string;
      name: string;
      statistics: {
        exact: boolean;
        cells: { area: string; areaName: string; count: number; amount: string }[];
        totals: { count: number; amount: string }[];
      };
    }[];
  };
}
