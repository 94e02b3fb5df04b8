/**
 * The download buttons. A link cannot carry the signed-in user's bearer token, and a file fetched
 * with it would sit whole in the page's memory before it could be saved: so the page posts the
 * token and the filters for a single-use ticket (POST /export/budget, every check of the download
 * made then), and follows the ticket's link, which the browser streams to disk as any download.
 * A refusal is the hub's own words (which parameter, which role).
 */
import { say, token } from '../../../mapping/admin/browser/api.js';
import { h } from '../../../mapping/admin/browser/dom.js';
import { chosen, downloadQuery } from './filters.js';

export async function download(format: 'xlsx' | 'csv'): Promise<void> {
  const bearer = token();
  if (!bearer) {
    say('Sign in with a budget-officer or analyst token to download ("tributary token --role budget-officer").', 'error');
    return;
  }
  say('Preparing the ' + format.toUpperCase() + ' file…', 'busy');
  let response: Response;
  try {
    response = await fetch('/export/budget?' + downloadQuery(chosen(), format), {
      method: 'POST',
      headers: { authorization: 'Bearer ' + bearer },
    });
  } catch (error) {
    say('The hub did not answer (' + (error instanceof Error ? error.message : String(error)) + ')', 'error');
    return;
  }
  const body = (await response.json().catch(() => null)) as { url?: string; error?: { code?: string; message?: string } } | null;
  if (!response.ok || !body?.url) {
    say(
      'The download was refused (HTTP ' + response.status + ', ' + (body?.error?.code ?? '?') + '): ' + (body?.error?.message ?? ''),
      'error',
    );
    return;
  }
  // The `download` attribute keeps the page where it is, whatever the link answers.
  const link = h('a', { href: body.url, download: '', hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  say('The ' + format.toUpperCase() + ' file is downloading: your browser saves it as it comes.', 'ok');
}
