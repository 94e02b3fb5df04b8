import { PAGE_END, pageTop } from '../../gateway/page-files.js';

/**
 * The health page: each configured source's health and the scheduled backup's, for system
 * administrators. Its script (browser/, bundled) fills the empty regions; no inline script, style
 * or event handler (the Content-Security-Policy forbids them). The admin page's style sheet is
 * shared; sources.css adds the health colours.
 */
export const sourcesPage = `${pageTop({
  title: 'Sources and backups',
  styleSheet: '/sources/sources.css',
  script: '/sources/app.js',
  heading: 'Sources and backups',
  lead: "Is every source current? Each source's health, last and next run, what it imported, and why it last failed; and the scheduled backup.",
  signInHint: 'This page needs a <code>system-admin</code> token: <code>tributary token --role system-admin</code>.',
})}    <div id="status" class="status" role="status" aria-live="polite" aria-atomic="true"></div>
    <main id="main">
      <p><button type="button" id="refresh">Refresh</button> <span id="checked" class="hint"></span></p>
      <section aria-labelledby="sources-title">
        <h2 id="sources-title">Sources</h2>
        <p class="hint">Late: no success within twice the schedule's interval. Failing: the newest finished run failed, was refused or was interrupted. Times are UTC.</p>
        <div id="sources"></div>
      </section>
      <section aria-labelledby="backup-title">
        <h2 id="backup-title">Scheduled backup</h2>
        <div id="backup"></div>
      </section>
    </main>
${PAGE_END}`;
