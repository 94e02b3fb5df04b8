/**
 * The download buttons: GET /export/budget with the signed-in user's bearer token (a link cannot
 * carry one), the file handed to the browser as a download once complete. A refusal is the hub's
 * own words (which parameter, which role).
 */
import { say, token } from '../../../mapping/admin/browser/api.js';
import { h } from '../../../mapping/admin/browser/dom.js';
import { chosen, downloadQuery } from './filters.js';

function sizeOf(bytes: number): string {
  return bytes < 1024 * 1024 ? Math.ceil(bytes / 1024) + ' KB' : (bytes / 1024 / 1024).toFixed(1) + ' MB';
}

export async function download(format: 'xlsx' | 'csv'): Promise<void> {
  const bearer = token();
  if (!bearer) {
    say('Sign in with a budget-officer or analyst token to download ("tributary token --role budget-officer").', 'error');
    return;
  }
  say('Preparing the ' + format.toUpperCase() + ' file…', 'busy');
  let response: Response;
  try {
    response = await fetch('/export/budget?' + downloadQuery(chosen(), format), { headers: { authorization: 'Bearer ' + bearer } });
  } catch (error) {
    say('The hub did not answer (' + (error instanceof Error ? error.message : String(error)) + ')', 'error');
    return;
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    say(
      'The download was refused (HTTP ' + response.status + ', ' + (body?.error?.code ?? '?') + '): ' + (body?.error?.message ?? ''),
      'error',
    );
    return;
  }
  const blob = await response.blob();
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') || '')?.[1] || 'aid-on-budget.' + format;
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  say('Downloaded ' + name + ' (' + sizeOf(blob.size) + ').', 'ok');
}
