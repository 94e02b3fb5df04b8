/** The chart of aid per vote, on, partly, off and unknown budget stacked: SVG built with DOM calls, classes for colours. */
import { h } from '../../../mapping/admin/browser/dom.js';

const SVG = 'http://www.w3.org/2000/svg';
export const STATUSES = [
  { status: 'YES', className: 'on', label: 'on budget' },
  { status: 'PARTLY', className: 'partly', label: 'partly on budget' },
  { status: 'NO', className: 'off', label: 'off budget' },
  { status: 'UNKNOWN', className: 'unknown', label: 'budget status unknown' },
] as const;

export interface VoteBar {
  readonly label: string;
  /** Amount per budget status (numbers: only for drawing; the table shows the exact decimals). */
  readonly parts: Readonly<Record<string, number>>;
  readonly text: string;
}

function svg(tag: string, attributes: Record<string, string | number>, ...children: (Node | string)[]): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

const ROW = 26;
const LABEL = 220;
const WIDTH = 900;

export function voteChart(bars: readonly VoteBar[], caption: string): Node {
  const max = Math.max(1, ...bars.map((b) => Object.values(b.parts).reduce((s, v) => s + Math.max(0, v), 0)));
  const scale = (WIDTH - LABEL - 10) / max;
  const rows = bars.map((bar, i) => {
    let x = LABEL;
    const y = i * ROW + 4;
    const rects = STATUSES.flatMap(({ status, className, label }) => {
      const value = Math.max(0, bar.parts[status] ?? 0);
      if (value === 0) return [];
      const width = Math.max(1, value * scale);
      const rect = svg('rect', { x, y, width, height: ROW - 8, class: 'bar-' + className }, svg('title', {}, bar.label + ': ' + label));
      x += width;
      return [rect];
    });
    return svg('g', { class: 'vote' }, svg('text', { x: LABEL - 6, y: y + ROW / 2, 'text-anchor': 'end' }, bar.label), ...rects);
  });
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${Math.max(ROW, bars.length * ROW + 8)}`, role: 'img', 'aria-label': caption },
    svg('title', {}, caption),
    ...rows,
  );
  const legend = h(
    'ul',
    { class: 'legend' },
    STATUSES.map((s) => h('li', { class: s.className }, s.label)),
  );
  return h('figure', null, h('figcaption', null, caption), legend, chart);
}
