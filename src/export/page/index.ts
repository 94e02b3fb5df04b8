import path from 'node:path';
import { pageFileResponse, type PageResponse } from '../../gateway/page-files.js';
import { projectRoot } from '../../paths.js';
import { budgetPage } from './page.js';
import { budgetStyle } from './style.js';

/**
 * The budget officers' page: totals by vote and sector, a chart, the first rows, and the
 * downloads, over /graphql and /export/budget with the signed-in user's token. Its script — the
 * modules of browser/ — is bundled by `npm run build` into dist/budget/app.js; nothing is fetched
 * from anywhere else (ministries are often offline).
 */
export const BUDGET_PAGE_PATH = '/budget';

export const BUDGET_SCRIPT_FILE = path.join(projectRoot, 'dist', 'budget', 'app.js');

/** The response for a GET of `pathname` under /budget, or null when the path is not the page's. */
export function budgetPageResponse(pathname: string, scriptFile = BUDGET_SCRIPT_FILE): PageResponse | null {
  return pageFileResponse(
    {
      base: BUDGET_PAGE_PATH,
      html: budgetPage,
      style: { name: 'budget.css', text: budgetStyle },
      script: { file: scriptFile, built: 'dist/budget/app.js' },
    },
    pathname,
  );
}
