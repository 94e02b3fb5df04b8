import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSubgraphList } from '../../src/cli/commands/serve-split.js';
import { loadConfig } from '../../src/config.js';
import { tributary } from '../support/cli.js';

/**
 * `tributary serve --subgraph` and `--gateway`: what they refuse before serving anything, on either
 * database. (Serving split is tests/split/, on PostgreSQL.)
 */
const SECRET = { TRIBUTARY_SUBGRAPH_SECRET: 'the-test-subgraph-secret-0123456789abcdef' };
/** A PostgreSQL URL never connected to: every refusal here comes before the database is opened. */
const UNREACHABLE = { DATABASE_URL: 'postgresql://127.0.0.1:1/never' };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tributary-serve-split-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function refused(args: string[], env: Record<string, string>): Promise<string> {
  const result = await tributary(['serve', ...args], path.join(dir, 'db'), env);
  expect(result.code, result.stderr).not.toBe(0);
  expect(result.stderr).not.toMatch(/serving http/);
  return result.stderr;
}

describe('tributary serve in split mode', () => {
  it('refuses a subgraph service on the embedded database, saying split mode needs PostgreSQL', async () => {
    const stderr = await refused(['--subgraph', 'aid', '--port', '0'], { ...SECRET, DATABASE_URL: '' });
    expect(stderr).toMatch(/split mode needs PostgreSQL \(set DATABASE_URL\): the embedded database \(PGlite\) belongs to one process/);
  });

  it('refuses an unknown subgraph, a missing or short secret, and --subgraph with --gateway', async () => {
    expect(await refused(['--subgraph', 'budget'], { ...SECRET, ...UNREACHABLE })).toMatch(
      /--subgraph budget: no such subgraph; the subgraphs are aid, finance, mapping, registry, sync/,
    );
    expect(await refused(['--subgraph', 'aid'], { ...UNREACHABLE, TRIBUTARY_SUBGRAPH_SECRET: '' })).toMatch(
      /split mode needs TRIBUTARY_SUBGRAPH_SECRET/,
    );
    expect(() => loadConfig({ TRIBUTARY_SUBGRAPH_SECRET: 'short' })).toThrow(
      /TRIBUTARY_SUBGRAPH_SECRET is 5 characters; it must be at least 32/,
    );
    expect(await refused(['--subgraph', 'aid', '--gateway'], SECRET)).toMatch(/--subgraph and --gateway are two processes/);
  });

  it('refuses a gateway without every subgraph at an http URL, or whose services do not answer, naming what is wrong', async () => {
    const all = (aid: string) =>
      [`aid=${aid}`, ...['finance', 'mapping', 'registry', 'sync'].map((name) => `${name}=http://127.0.0.1:1/graphql`)].join(',');
    expect(() => parseSubgraphList(all('file:///etc/passwd'))).toThrow(/aid's URL must be http\(s\):\/\/host:port\/graphql/);
    expect(() => parseSubgraphList('aid=http://127.0.0.1:1/graphql')).toThrow(/no URL for finance, mapping, registry, sync/);
    expect(() => parseSubgraphList(`${all('http://a/graphql')},budget=http://b/graphql`)).toThrow(/budget is not a subgraph/);
    expect(() => parseSubgraphList(`${all('http://a/graphql')},aid=http://b/graphql`)).toThrow(/aid is named twice/);
    const file = path.join(dir, 'subgraphs.json');
    await writeFile(file, '["aid"]');
    expect(() => parseSubgraphList(file)).toThrow(/expected an object/);
    expect(() => parseSubgraphList(path.join(dir, 'missing.json'))).toThrow(/not a readable JSON file/);
    await writeFile(
      file,
      JSON.stringify(
        Object.fromEntries(
          all('http://127.0.0.1:1/graphql')
            .split(',')
            .map((pair) => pair.split('=')),
        ),
      ),
    );
    expect([...parseSubgraphList(file).keys()]).toEqual(['aid', 'finance', 'mapping', 'registry', 'sync']);
    expect(await refused(['--gateway'], { ...SECRET, TRIBUTARY_SUBGRAPHS: '' })).toMatch(/--gateway needs --subgraphs/);
    const unreachable = { ...SECRET, TRIBUTARY_SUBGRAPH_WAIT_MS: '500' };
    expect(await refused(['--gateway', '--subgraphs', file], unreachable)).toMatch(
      /the aid subgraph service at http:\/\/127\.0\.0\.1:1\/sdl did not answer/,
    );
  });
});
