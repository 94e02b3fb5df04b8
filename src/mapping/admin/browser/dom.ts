/**
 * Building elements (never HTML text, so data cannot become markup), tables with headers, and
 * numbers as the page shows them.
 */

/** What an element may hold: nodes, text, numbers, and lists of them; null, undefined and false are skipped. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

type Listener = (event: Event) => void;
/** Attributes: text is textContent, a function listens to the event its name (on…) names, false or null leaves it out. */
export type Props = Readonly<Record<string, string | number | boolean | null | undefined | Listener>> | null;

function* flatten(children: readonly Child[]): Generator<Node | string> {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) yield* flatten(child as readonly Child[]);
    else yield child instanceof Node ? child : String(child);
  }
}

/** An element with attributes (on* are listeners, text is textContent) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') element.textContent = String(value);
    else if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...flatten(children));
  return element;
}

/** The element with this id, of this kind: the page's markup (page.ts) has every one. */
export function byId(id: string): HTMLElement;
export function byId<T extends HTMLElement>(id: string, kind: abstract new () => T): T;
export function byId(id: string, kind: abstract new () => HTMLElement = HTMLElement): HTMLElement {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) throw new Error(`the page has no ${kind.name} #${id}`);
  return element;
}

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** A form's input, text area or select by name, or null. */
export function control(form: HTMLFormElement, name: string): Control | null {
  const element = form.elements.namedItem(name);
  return element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement
    ? element
    : null;
}

export interface Column {
  readonly label: string;
  readonly numeric?: boolean;
  readonly className?: string;
}

/** A row: its cells, or its cells and a class. */
export type Row = readonly Child[] | { readonly cells: readonly Child[]; readonly className: string | null };

/** A table with a caption and column headers. */
export function table(caption: string, columns: readonly Column[], rows: readonly Row[], className?: string): HTMLTableElement {
  const kind = (column: Column | undefined): string | null => (column ? column.className || (column.numeric ? 'num' : null) : null);
  const head = h(
    'tr',
    null,
    columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.label)),
  );
  const body = rows.map((row) => {
    const cells = isCells(row) ? row : row.cells;
    return h(
      'tr',
      { class: isCells(row) ? null : row.className },
      cells.map((cell, i) => h('td', { class: kind(columns[i]) }, cell)),
    );
  });
  return h('table', { class: className || null }, h('caption', null, caption), h('thead', null, head), h('tbody', null, body));
}

function isCells(row: Row): row is readonly Child[] {
  return Array.isArray(row);
}

/** Replaces what a region shows. */
export function show(region: Element, ...children: Child[]): void {
  region.replaceChildren(...flatten(children));
}

/**
 * A decimal string with thousands separators, exactly as given: "1234567.50" → "1,234,567.50".
 * Money never goes through a float.
 */
export function amount(text: string | null | undefined): string {
  if (text === null || text === undefined) return '—';
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(String(text));
  if (!match) return String(text);
  return (match[1] ?? '') + (match[2] ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (match[3] || '');
}

/** Decimal text without trailing zeros, exactly: "60.500" → "60.5", "100.00" → "100". */
export function decimal(text: string): string {
  return String(text).includes('.') ? String(text).replace(/0+$/, '').replace(/\.$/, '') : String(text);
}

/** A per cent as exact decimal text, kept on one line: "60.500" → "60.5 %". */
export function percent(text: string | null | undefined): string {
  return text === null || text === undefined ? '—' : decimal(text) + '\u00a0%';
}

/** A count with thousands separators. */
export function count(n: number): string {
  return amount(String(n));
}

export function plural(n: number, one: string, many?: string): string {
  return count(n) + ' ' + (n === 1 ? one : many || one + 's');
}

/** A rule's validity in fiscal (start) years. */
export function years(from: number | null, to: number | null): string {
  if (from === null && to === null) return 'all years';
  if (to === null) return 'from ' + from;
  if (from === null) return 'until ' + to;
  return from === to ? String(from) : from + '–' + to;
}

/** An instant as UTC text, to the minute: the same for every reader, whatever their time zone. */
export function instant(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') + ' UTC' : '—';
}

/** The text values of a form, trimmed (a name the form lacks reads as undefined). */
export function values(form: HTMLFormElement): Partial<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, value] of new FormData(form).entries()) if (typeof value === 'string') out[name] = value.trim();
  return out;
}
