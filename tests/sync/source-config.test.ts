import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import yaml from 'js-yaml';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSources, checkSourcesFile, loadSources } from '../../src/sync/sources/source-config.js';
import { TributaryError } from '../../src/errors.js';
import { backoffMs } from '../../src/sync/sources/run-source.js';
import { datasetListUrls } from '../../src/sync/sources/source-inputs.js';

/** The sources file: JSON or YAML, every problem named with its path, secrets only by variable name. */
function problems(parsed: unknown): string {
  try {
    checkSources('/etc/tributary/sources.yaml', parsed);
  } catch (error) {
    expect(error).toBeInstanceOf(TributaryError);
    return (error as TributaryError).message;
  }
  throw new Error('accepted');
}

describe('the sources file', () => {
  it('reads YAML with defaults filled in and folders resolved against the file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tributary-sources-config-'));
    const file = path.join(dir, 'sources.yaml');
    await writeFile(
      file,
      [
        'sources:',
        '  donors:',
        '    kind: iati-dataset-list',
        '    url: https://iatiregistry.org/api/3/action/package_search?fq=recipient_country:MW',
        '    schedule: { cron: "0 3 * * *", timezone: Africa/Blantyre }',
        '    http: { headersEnv: { Authorization: IATI_TOKEN } }',
        '  budget:',
        '    kind: ifmis-folder',
        '    folder: drops/ifmis',
        '    map: malawi-demo',
      ].join('\n'),
    );
    const sources = await loadSources(file);
    expect(sources.get('donors')).toMatchObject({
      name: 'donors',
      schedule: { cron: '0 3 * * *', timezone: 'Africa/Blantyre' },
      http: { timeoutMs: 120_000, maxRedirects: 5, headersEnv: { Authorization: 'IATI_TOKEN' } },
      retry: { attempts: 4 },
      maxFiles: 1000,
    });
    expect(sources.get('budget')).toMatchObject({ folder: path.join(dir, 'drops', 'ifmis') });
    expect(sources.get('budget')?.schedule).toBeUndefined();
  });

  it.each([
    ['an unknown kind', { x: { kind: 'ftp', url: 'https://a' } }, /sources\.x\.kind: must be one of iati-url/],
    [
      'a bad cron expression',
      { x: { kind: 'iati-folder', folder: 'f', schedule: { cron: '61 * * * *' } } },
      /sources\.x\.schedule\.cron: is not a cron expression/,
    ],
    [
      'an unknown time zone',
      { x: { kind: 'iati-folder', folder: 'f', schedule: { cron: '0 2 * * *', timezone: 'Mars/Olympus' } } },
      /schedule\.timezone: is not a time zone/,
    ],
    [
      'a password in a URL',
      { x: { kind: 'iati-url', urls: ['https://user:hunter2@example.org/a.xml'] } },
      /sources\.x\.urls\.0: must be an http\(s\) URL without a user name or password/,
    ],
    [
      'a secret written where its variable belongs',
      { x: { kind: 'rates-url', url: 'https://a.example/r.json', http: { headersEnv: { Authorization: 'Bearer abc123' } } } },
      /headersEnv\.Authorization: must be the name of an environment variable/,
    ],
    [
      'a field the kind does not have (a literal token)',
      { x: { kind: 'iati-url', urls: ['https://a.example/a.xml'], token: 'abc' } },
      /sources\.x: Unrecognized key: "token"/,
    ],
    ['a file URL', { x: { kind: 'iati-url', urls: ['file:///etc/passwd'] } }, /urls\.0: must be an http\(s\) URL/],
    ['a bad source name', { 'Donor X': { kind: 'iati-folder', folder: 'f' } }, /sources\.Donor X: a source name is/],
  ])('refuses %s, naming where', (_why, sources, expected) => {
    expect(problems({ sources })).toMatch(expected);
  });

  it('refuses a file with a key it does not know, naming it', () => {
    expect(problems({ donors: {} })).toMatch(/\(the file\): Unrecognized key: "donors"/);
    expect(problems({ sources: [] })).toMatch(/sources: Invalid input: expected record/);
  });

  it('reads the scheduled backup, its folder resolved against the file and keep 7 unless set, with no sources needed', () => {
    const file = checkSourcesFile('/etc/tributary/sources.yaml', { backup: { schedule: { cron: '0 1 * * *' }, folder: 'backups' } });
    expect(file.sources.size).toBe(0);
    expect(file.backup).toEqual({ schedule: { cron: '0 1 * * *', timezone: 'UTC' }, folder: '/etc/tributary/backups', keep: 7 });
    expect(checkSourcesFile('/etc/tributary/sources.yaml', { sources: {} }).backup).toBeNull();
  });

  it('names every problem of the scheduled backup at once', () => {
    const message = problems({
      backup: { schedule: { cron: '61 * * * *', timezone: 'Mars/Olympus' }, folder: ' ', keep: 0, password: 'x' },
    });
    expect(message).toMatch(/5 problem\(s\)/);
    for (const where of [
      'backup.schedule.cron: is not a cron',
      'backup.schedule.timezone: is not a time zone',
      'backup.folder',
      'backup.keep',
      'backup: Unrecognized key: "password"',
    ])
      expect(message).toContain(where);
    expect(problems({ backup: { folder: 'b' } })).toMatch(/backup\.schedule: Invalid input/);
  });

  it('names every problem at once', () => {
    const message = problems({
      sources: {
        a: { kind: 'iati-url', urls: [] },
        b: { kind: 'iati-folder', folder: '', retry: { attempts: 0 } },
      },
    });
    expect(message).toMatch(/3 problem\(s\)/);
    expect(message).toContain('sources.a.urls');
    expect(message).toContain('sources.b.folder');
    expect(message).toContain('sources.b.retry.attempts');
  });

  it('refuses a file that is not YAML, naming it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tributary-sources-config-'));
    const file = path.join(dir, 'bad.yml');
    await writeFile(file, 'sources:\n  a: [unclosed\n');
    await expect(loadSources(file)).rejects.toThrow(/bad\.yml: not YAML/);
    await expect(loadSources(path.join(dir, 'none.json'))).rejects.toThrow(/cannot read the sources file .*none\.json: no such file/);
  });
});

describe('backoff and dataset lists', () => {
  it('doubles the delay per attempt up to the cap, with up to half of it random', () => {
    const retry = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4].map((n) => backoffMs(retry, n, () => 0))).toEqual([500, 1000, 2000, 2500]);
    expect([1, 2, 3, 4].map((n) => backoffMs(retry, n, () => 0.999999))).toEqual([1000, 2000, 4000, 5000].map((v) => expect.closeTo(v, 0)));
  });

  it('reads the IATI Registry package_search shape, resolving relative URLs', () => {
    const urls = datasetListUrls('https://registry.example/api/3/action/package_search', {
      success: true,
      result: {
        count: 1,
        results: [
          { name: 'a', resources: [{ url: '/files/a.xml', last_modified: '2026-01-01T00:00:00' }, { url: 'https://b.example/b.xml' }] },
        ],
      },
    });
    expect(urls).toEqual([
      { url: 'https://registry.example/files/a.xml', lastModified: '2026-01-01T00:00:00' },
      { url: 'https://b.example/b.xml', lastModified: null },
    ]);
  });
});

describe('the sources file’s notify', () => {
  const sources = { x: { kind: 'iati-folder', folder: 'f' } };

  it('reads a webhook and an SMTP server with their defaults, secrets named by variable', () => {
    const file = checkSourcesFile('/etc/tributary/sources.yaml', {
      sources,
      notify: {
        webhook: { url: 'https://ops.example.org/hooks/tributary', headersEnv: { Authorization: 'OPS_HOOK_TOKEN' } },
        email: {
          smtp: { host: 'smtp.mof.example', user: 'hub', passwordEnv: 'SMTP_PASSWORD' },
          from: 'hub@mof.example',
          to: ['ops@mof.example'],
        },
      },
    });
    expect(file.notify).toEqual({
      webhook: { url: 'https://ops.example.org/hooks/tributary', headersEnv: { Authorization: 'OPS_HOOK_TOKEN' }, timeoutMs: 10_000 },
      email: {
        smtp: {
          host: 'smtp.mof.example',
          port: 587,
          secure: false,
          requireTLS: false,
          user: 'hub',
          passwordEnv: 'SMTP_PASSWORD',
          timeoutMs: 10_000,
        },
        from: 'hub@mof.example',
        to: ['ops@mof.example'],
      },
      retry: { attempts: 3, delayMs: 5_000 },
    });
    expect(checkSourcesFile('/etc/tributary/sources.yaml', { sources }).notify).toBeNull();
  });

  it.each([
    ['no channel', {}, /notify: name a webhook, an email, or both/],
    [
      'a webhook URL with a password in it',
      { webhook: { url: 'https://ops:secret@ops.example.org/hook' } },
      /notify\.webhook\.url: must be an http\(s\) URL without/,
    ],
    [
      'a secret header written out',
      { webhook: { url: 'https://a.example', headersEnv: { Authorization: 'Bearer abc123' } } },
      /notify\.webhook\.headersEnv\.Authorization: must be the name of an environment variable/,
    ],
    [
      'a password written out',
      { email: { smtp: { host: 'h', user: 'u', password: 'p' }, from: 'a@b.example', to: ['c@d.example'] } },
      /notify\.email\.smtp: Unrecognized key: "password"/,
    ],
    [
      'a user without its password variable',
      { email: { smtp: { host: 'h', user: 'u' }, from: 'a@b.example', to: ['c@d.example'] } },
      /notify\.email\.smtp: user and passwordEnv go together/,
    ],
    [
      'a recipient that is not an address',
      { email: { smtp: { host: 'h' }, from: 'a@b.example', to: ['ops team'] } },
      /notify\.email\.to\.0: must be an e-mail address/,
    ],
    ['no recipient', { email: { smtp: { host: 'h' }, from: 'a@b.example', to: [] } }, /notify\.email\.to: /],
    ['unbounded retries', { webhook: { url: 'https://a.example' }, retry: { attempts: 1000 } }, /notify\.retry\.attempts: /],
  ])('refuses %s, naming where', (_what, notify, expected) => {
    expect(problems({ sources, notify })).toMatch(expected);
  });
});

describe('the README’s sources file', () => {
  it('is a valid sources file, notify included', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const example = /```yaml\n(# \/etc\/tributary\/sources\.yaml\n[\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const file = checkSourcesFile('/etc/tributary/sources.yaml', yaml.load(example ?? '', { schema: yaml.CORE_SCHEMA }));
    expect(file.sources.size).toBeGreaterThan(5);
    expect(file.notify).toMatchObject({
      webhook: { headersEnv: { Authorization: 'OPS_HOOK_TOKEN' } },
      email: { smtp: { passwordEnv: 'SMTP_PASSWORD' } },
    });
  });
});
