/** What the health page adds to the admin page's style sheet: a health is a coloured badge that also says it in words. */
export const sourcesStyle = `
.health { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 999px; font-weight: 600; font-size: 0.9em; white-space: nowrap; border: 1px solid transparent; }
.health::before { content: "●"; margin-right: 0.3rem; }
.health-green { background: #e6f4ea; color: #1e6b34; border-color: #1e6b34; }
.health-late { background: #fff4d6; color: #7a5200; border-color: #b07800; }
.health-failing { background: #fdecea; color: #a1241b; border-color: #a1241b; }
.health-never_run, .health-manual { background: #f0f2f4; color: #4b5560; border-color: #8c959f; }
.sources-table td.when { min-width: 9rem; }
.reason { white-space: pre-line; max-width: 32rem; }
.sources-table td:first-child code { display: block; color: var(--muted); }
.backup-summary { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; }
.backup-summary dt { color: var(--muted); }
.backup-summary dd { margin: 0; }
`;
