/** What the budget page adds to the admin page's style sheet: the filter boxes and the chart (bars are SVG rectangles with classes, no inline style). */
export const budgetStyle = `
.choices { display: flex; gap: 0.2rem 0.6rem; align-items: center; border: 1px solid var(--line); border-radius: 4px; padding: 0.2rem 0.6rem; margin: 0; }
.choices legend { font-size: 0.9em; color: var(--muted); padding: 0 0.2rem; }
.choices label { flex-direction: row; align-items: center; gap: 0.2rem; color: var(--ink); }
#downloads { display: flex; flex-wrap: wrap; gap: 0.4rem 0.8rem; align-items: center; }
#downloads h2, #downloads p { flex-basis: 100%; margin-bottom: 0; }
.chart svg { width: 100%; max-width: 60rem; height: auto; display: block; }
.chart text { font-size: 12px; fill: var(--ink); }
.chart .bar-on { fill: #1f5f8b; }
.chart .bar-partly { fill: #7fa7c4; }
.chart .bar-off { fill: #e8a317; }
.chart .bar-unknown { fill: #b8c0c8; }
.legend { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; list-style: none; padding: 0; margin: 0.3rem 0; font-size: 0.9em; }
.legend li::before { content: ""; display: inline-block; width: 0.8rem; height: 0.8rem; margin-right: 0.3rem; vertical-align: -0.1rem; }
.legend .on::before { background: #1f5f8b; }
.legend .partly::before { background: #7fa7c4; }
.legend .off::before { background: #e8a317; }
.legend .unknown::before { background: #b8c0c8; }
`;
