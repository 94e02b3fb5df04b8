import { mkdtemp } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openCliDatabase, server as database, startTributary, type RunningCli } from '../support/cli.js';

/**
 * `tributary serve` as an operator runs it (the built CLI, NODE_ENV unset): production mode by
 * default, and a SIGTERM that lets requests in flight finish, cancels what outlives the grace
 * period, closes the hub and the database and exits 0.
 */
const ENV = { NODE_ENV: undefined, PORT: '0', HOST: '127.0.0.1', TRIBUTARY_PUBLIC_DOMAINS: 'aid' };

let served = 0;

async function serve(env: Record<string, string | undefined> = {}): Promise<{ cli: RunningCli; port: number; dbDir: string }> {
  // A name of its own: on PostgreSQL the CLI's schema is named after it.
  served += 1;
  const dbDir = path.join(await mkdtemp(path.join(tmpdir(), 'tributary-serve-')), `served${served}`);
  const cli = startTributary(['serve'], dbDir, { ...ENV, ...env });
  const [, port] = await cli.waitFor(/serving http:\/\/localhost:(\d+)\/graphql \((\w+)\)/, 120_000);
  return { cli, port: Number(port), dbDir };
}

async function graphql(port: number, query: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: await response.text() };
}

/** A POST whose body is only partly sent: the request is in flight until `finish`. */
async function halfSent(port: number, query: string): Promise<{ socket: Socket; finish(): void; answer: Promise<string> }> {
  const body = JSON.stringify({ query });
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const answer = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  socket.write(
    `POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
  );
  return { socket, finish: () => socket.write(body.slice(10)), answer };
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(port, '127.0.0.1');
    probe.once('connect', () => {
      probe.destroy();
      resolve(false);
    });
    probe.once('error', () => resolve(true));
  });
}

describe('tributary serve (the built CLI)', () => {
  it('runs in production mode unless NODE_ENV says otherwise: no introspection, internal errors masked', { timeout: 240_000 }, async () => {
    const { cli, port, dbDir } = await serve();
    try {
      expect(cli.output()).toContain('(production)');
      expect((await graphql(port, '{ activities(first: 1) { totalCount } }')).body).toBe('{"data":{"activities":{"totalCount":0}}}');
      const introspection = await graphql(port, '{ __schema { queryType { name } } }');
      expect(introspection.body).not.toContain('"queryType":{"name":"Query"}');
      expect(introspection.body).toMatch(/introspection/i);
      if (database.kind === 'postgresql') {
        // A real database error (the table gone under the running hub): the answer names none of it.
        const orm = await openCliDatabase(dbDir);
        await orm.em.fork().execute('drop table aid_activity cascade');
        await orm.close(true);
        const broken = await graphql(port, '{ activities(first: 1) { nodes { iatiIdentifier } } }');
        expect(broken.body).toContain('INTERNAL_SERVER_ERROR');
        expect(broken.body).not.toMatch(/aid_activity|select|relation|\bat \S+\.js|stack/i);
      }
    } finally {
      await cli.stop('SIGTERM');
    }
  });

  it('on SIGTERM takes no new connection, finishes the request in flight, closes and exits 0', { timeout: 240_000 }, async () => {
    const { cli, port } = await serve();
    const inFlight = await halfSent(port, '{ activities(first: 1) { totalCount } }');
    await sleep(500); // the server has read the headers: the request is in flight, not an idle connection
    const exited = cli.stop('SIGTERM');
    await cli.waitFor(/SIGTERM: finishing requests in flight/);
    expect(await refusesConnections(port)).toBe(true);
    await sleep(200);
    inFlight.finish();
    const answer = await inFlight.answer;
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain('{"data":{"activities":{"totalCount":0}}}');
    const result = await exited;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/stopped\n$/);
  });

  it('cancels a request still in flight after TRIBUTARY_SHUTDOWN_GRACE_MS and still exits 0', { timeout: 240_000 }, async () => {
    const { cli, port } = await serve({ TRIBUTARY_SHUTDOWN_GRACE_MS: '300' });
    const stuck = await halfSent(port, '{ activities(first: 1) { totalCount } }');
    await sleep(500);
    const started = Date.now();
    const result = await cli.stop('SIGTERM');
    expect(result.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await stuck.answer).not.toContain('totalCount');
    expect(stuck.socket.destroyed || stuck.socket.readableEnded).toBe(true);
  });
});
