/**
 * Served as /admin/mappings/dom.js: building elements (never HTML text, so data cannot become
 * markup), tables with headers, and numbers as the page shows them. Browser JavaScript held as
 * text: it may use no backquote and no dollar-brace.
 */
export const domModule = String.raw`
/** An element with attributes (on* are listeners, text is textContent) and children. */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') element.textContent = String(value);
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/**
 * A table with a caption and column headers. columns: [{ label, numeric }]; rows: arrays of cells
 * (text or nodes), or { cells, className }.
 */
export function table(caption, columns, rows, className) {
  const kind = (column) => (column ? column.className || (column.numeric ? 'num' : null) : null);
  const head = h(
    'tr',
    null,
    columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.label)),
  );
  const body = rows.map((row) => {
    const cells = Array.isArray(row) ? row : row.cells;
    return h(
      'tr',
      { class: Array.isArray(row) ? null : row.className },
      cells.map((cell, i) => h('td', { class: kind(columns[i]) }, cell)),
    );
  });
  return h('table', { class: className || null }, h('caption', null, caption), h('thead', null, head), h('tbody', null, body));
}

/** Replaces what a region shows. */
export function show(region, ...children) {
  region.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
}

/**
 * A decimal string with thousands separators, exactly as given: "1234567.50" → "1,234,567.50".
 * Money never goes through a float.
 */
export function amount(text) {
  if (text === null || text === undefined) return '—';
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(String(text));
  if (!match) return String(text);
  return match[1] + match[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (match[3] || '');
}

/** Decimal text without trailing zeros, exactly: "60.500" → "60.5", "100.00" → "100". */
export function decimal(text) {
  return String(text).includes('.') ? String(text).replace(/0+$/, '').replace(/\.$/, '') : String(text);
}

/** A per cent as exact decimal text, kept on one line: "60.500" → "60.5 %". */
export function percent(text) {
  return text === null || text === undefined ? '—' : decimal(text) + '\u00a0%';
}

/** A count with thousands separators. */
export function count(n) {
  return amount(String(n));
}

export function plural(n, one, many) {
  return count(n) + ' ' + (n === 1 ? one : many || one + 's');
}

/** A rule's validity in fiscal (start) years. */
export function years(from, to) {
  if (from === null && to === null) return 'all years';
  if (to === null) return 'from ' + from;
  if (from === null) return 'until ' + to;
  return from === to ? String(from) : from + '–' + to;
}

/** An instant as UTC text, to the minute: the same for every reader, whatever their time zone. */
export function instant(iso) {
  return iso ? iso.slice(0, 16).replace('T', ' ') + ' UTC' : '—';
}

/** Values of a form as trimmed strings. */
export function values(form) {
  const out = {};
  for (const [name, value] of new FormData(form).entries()) out[name] = typeof value === 'string' ? value.trim() : value;
  return out;
}
`;
