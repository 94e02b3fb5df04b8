/**
 * A mapping sheet (CSV or XLSX) sent whole, base64, to uploadMappingSheet; what it changed, or
 * every problem the hub found, each with its row and column.
 */
import type { MappingSheetResultShape } from '../graph-shapes.js';
import { Failure, explain, graphql, say } from './api.js';
import { byId, count, h, plural, show, table, type Child } from './dom.js';
import { announceChange } from './events.js';

const UPLOAD =
  'mutation UploadSheet($fileName: String!, $content: String!) { uploadMappingSheet(fileName: $fileName, content: $content) {' +
  ' batch rows created updated retired unchanged reapplied } }';

/** The hub refuses larger sheets anyway (10 MB); saying so here spares the upload. */
const MAX_BYTES = 10 * 1024 * 1024;

let started = false;

async function base64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

function summary(fileName: string, result: MappingSheetResultShape): Child[] {
  const rows: [string, number][] = [
    ['Rows read', result.rows],
    ['Rules created', result.created],
    ['Rules changed', result.updated],
    ['Rules retired', result.retired],
    ['Rules unchanged', result.unchanged],
    ['Activities re-applied', result.reapplied],
  ];
  return [
    h('h3', null, fileName + ' was applied'),
    h(
      'dl',
      { class: 'summary', 'aria-label': 'What the sheet changed' },
      rows.map(([label, n]) => [h('dt', null, label), h('dd', null, count(n))]),
    ),
    h('p', { class: 'hint' }, 'Batch ' + result.batch + ' (every change of this sheet carries it in the rules’ history).'),
  ];
}

function problems(fileName: string, failure: Failure): Child[] {
  const list = failure.problems;
  return [
    h('h3', null, fileName + ' was refused: nothing was changed (' + plural(list.length, 'problem') + ')'),
    table(
      'Problems in ' + fileName + ', in sheet order',
      [{ label: 'Row', numeric: true }, { label: 'Column' }, { label: 'Problem' }, { label: 'Code' }],
      list.map((p) => [
        p.row === null || p.row === undefined ? 'file' : String(p.row),
        p.field || '—',
        p.message,
        h('code', null, p.code || ''),
      ]),
      'problems',
    ),
  ];
}

async function upload(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const input = byId('sheet-file', HTMLInputElement);
  const result = byId('upload-result');
  const file = input.files?.[0];
  if (!file) return;
  if (file.size > MAX_BYTES) {
    show(result);
    say(file.name + ' is ' + count(file.size) + ' bytes; a mapping sheet may be at most 10 MB.', 'error');
    return;
  }
  const button = byId('upload-form').querySelector('button[type="submit"]');
  if (!(button instanceof HTMLButtonElement)) throw new Error('the upload form has no submit button');
  button.disabled = true;
  show(result);
  say('Uploading ' + file.name + '…', 'busy');
  try {
    const data = await graphql<{ uploadMappingSheet: MappingSheetResultShape }>(UPLOAD, {
      fileName: file.name,
      content: await base64(file),
    });
    const applied = data.uploadMappingSheet;
    show(result, summary(file.name, applied));
    say(
      file.name +
        ' was applied: ' +
        applied.created +
        ' created, ' +
        applied.updated +
        ' changed, ' +
        applied.retired +
        ' retired, ' +
        applied.unchanged +
        ' unchanged; ' +
        plural(applied.reapplied, 'activity', 'activities') +
        ' re-applied.',
      'ok',
    );
    announceChange({ kind: 'sheet', rule: { id: null } });
  } catch (failure) {
    if (failure instanceof Failure && failure.problems.length) {
      show(result, problems(file.name, failure));
      say(file.name + ' was refused: nothing was changed (' + plural(failure.problems.length, 'problem') + ', listed below).', 'error');
    } else {
      say(explain(failure, 'Uploading ' + file.name), 'error');
    }
  } finally {
    button.disabled = false;
  }
}

export function showUpload(): void {
  if (started) return;
  started = true;
  byId('upload-form', HTMLFormElement).addEventListener('submit', (event) => void upload(event));
}
