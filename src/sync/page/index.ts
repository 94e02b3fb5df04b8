import path from 'node:path';
import { pageFileResponse, type PageResponse } from '../../gateway/page-files.js';
import { projectRoot } from '../../paths.js';
import { sourcesPage } from './page.js';
import { sourcesStyle } from './style.js';

/**
 * The health page of sources and backups, over /graphql with the signed-in system administrator's
 * token. Its script — the modules of browser/ — is bundled by `npm run build` into
 * dist/sources/app.js; nothing is fetched from anywhere else.
 */
export const SOURCES_PAGE_PATH = '/sources';

export const SOURCES_SCRIPT_FILE = path.join(projectRoot, 'dist', 'sources', 'app.js');

/** The response for a GET of `pathname` under /sources, or null when the path is not the page's. */
export function sourcesPageResponse(pathname: string): PageResponse | null {
  return pageFileResponse(
    {
      base: SOURCES_PAGE_PATH,
      html: sourcesPage,
      style: { name: 'sources.css', text: sourcesStyle },
      script: { file: SOURCES_SCRIPT_FILE, built: 'dist/sources/app.js' },
    },
    pathname,
  );
}
