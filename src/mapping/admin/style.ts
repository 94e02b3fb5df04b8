/** The page's style sheet: system fonts only (nothing to download), readable on a small laptop screen. */
export const adminStyle = `
:root {
  color-scheme: light;
  --ink: #1b1f24;
  --muted: #555f6b;
  --line: #d0d7de;
  --accent: #1f5f8b;
  --ok: #1a7f37;
  --bad: #b42318;
  --wash: #f6f8fa;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif;
  font-size: 15px;
  line-height: 1.45;
  color: var(--ink);
}
[hidden] { display: none !important; }
body { margin: 0 auto; max-width: 84rem; padding: 0 1rem 3rem; }
h1 { margin: 0.8rem 0 0.2rem; font-size: 1.6rem; }
h2 { font-size: 1.25rem; margin: 1.2rem 0 0.5rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.4rem; }
code { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.92em; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #e8a317; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 0.5rem; background: #fff; padding: 0.3rem 0.6rem; z-index: 10; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.top { display: flex; flex-wrap: wrap; gap: 1rem 2rem; justify-content: space-between; align-items: flex-start; border-bottom: 1px solid var(--line); padding-bottom: 0.6rem; }
.lead { margin: 0; color: var(--muted); }
.sign-in { max-width: 30rem; }
.sign-in form { display: flex; flex-wrap: wrap; gap: 0.3rem 0.5rem; align-items: center; }
.sign-in input { flex: 1 1 12rem; }
.hint { color: var(--muted); font-size: 0.9em; margin: 0.2rem 0; }
#signed-in { display: flex; gap: 0.6rem; align-items: center; }
#who { margin: 0; }
.warning { color: var(--bad); }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.3rem; padding: 0; margin: 0.6rem 0; }
nav a { display: inline-block; padding: 0.35rem 0.8rem; border: 1px solid var(--line); border-radius: 4px; text-decoration: none; }
nav a[aria-current="page"] { background: var(--accent); border-color: var(--accent); color: #fff; }
.status { min-height: 1.5rem; margin: 0.4rem 0; padding: 0.35rem 0.6rem; border-left: 4px solid transparent; white-space: pre-line; }
.status.ok { border-color: var(--ok); background: #eef8f0; }
.status.error { border-color: var(--bad); background: #fdf0ef; }
.status.busy { border-color: var(--line); color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: flex-end; margin: 0.5rem 0 1rem; }
.filters label { display: flex; flex-direction: column; font-size: 0.9em; color: var(--muted); gap: 0.15rem; }
input, select, textarea, button { font: inherit; }
input, select, textarea { padding: 0.25rem 0.4rem; border: 1px solid #8c959f; border-radius: 3px; color: var(--ink); background: #fff; }
button { padding: 0.3rem 0.8rem; border: 1px solid var(--accent); border-radius: 4px; background: #fff; color: var(--accent); cursor: pointer; }
button[type="submit"] { background: var(--accent); color: #fff; }
button:disabled { opacity: 0.5; cursor: default; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 1rem; font-size: 0.95em; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: var(--wash); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.actions,
td.nowrap { white-space: nowrap; }
td.actions button { padding: 0.1rem 0.5rem; margin-right: 0.2rem; }
.retired td { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
meter { width: 5rem; vertical-align: middle; margin-left: 0.4rem; }
.pager { display: flex; gap: 1rem; align-items: center; }
.summary { display: grid; grid-template-columns: max-content max-content; gap: 0.2rem 1rem; }
.summary dt { color: var(--muted); }
.summary dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
.problems td:first-child { white-space: nowrap; }
dialog { border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.2rem; max-width: 34rem; width: calc(100% - 2rem); }
dialog::backdrop { background: rgba(27, 31, 36, 0.45); }
.dialog-form { display: flex; flex-direction: column; gap: 0.45rem; }
.dialog-form h2 { margin-top: 0; }
.dialog-form label { display: flex; flex-direction: column; gap: 0.15rem; }
.dialog-form .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 0.45rem 0.8rem; }
.form-error:empty { display: none; }
.form-error { color: var(--bad); border-left: 4px solid var(--bad); background: #fdf0ef; padding: 0.35rem 0.6rem; white-space: pre-line; }
.form-error ul { margin: 0.2rem 0 0; padding-left: 1.2rem; }
.actions { display: flex; gap: 0.6rem; margin-top: 0.4rem; }
.suggestions { list-style: none; margin: 0; padding: 0; }
.suggestions li { display: flex; gap: 0.5rem; align-items: baseline; margin-bottom: 0.2rem; }
`;
