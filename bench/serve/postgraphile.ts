import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';

/**
 * PostGraphile v5 from npm (a devDependency for this bench only), amber preset, over the bench's
 * schema, plus the two SQL functions for what it cannot generate: transaction totals (a computed
 * column of the report, `transactionTotals`) and the country/date filter (`activitiesIn`, the
 * hub's own conditions over the same indexes). Served by grafserv on node:http like the hub.
 */
export async function createPostgraphileFunctions(client: pg.Pool, schema: string): Promise<void> {
  const s = `"${schema}"`;
  // A reused schema (TRIBUTARY_BENCH_SERVE_SCHEMA) may hold them from an earlier run.
  await client.query(`drop type if exists ${s}.transaction_total cascade`);
  await client.query(`drop function if exists ${s}.activities_in`);
  await client.query(`create type ${s}.transaction_total as (type text, currency text, value numeric, count int)`);
  await client.query(`create function ${s}.aid_activity_report_transaction_totals(r ${s}.aid_activity_report)
    returns setof ${s}.transaction_total language sql stable as $$
      select type, currency, sum(value), count(*)::int from ${s}.aid_transaction where report_id = r.id
      group by type, currency order by type, currency $$`);
  await client.query(`create function ${s}.activities_in(countries text[], active_from date, active_to date)
    returns setof ${s}.aid_activity language sql stable as $$
      select a.* from ${s}.aid_activity a join ${s}.aid_activity_report r on r.id = a.authoritative_report_id
      where r.id in (select c.report_id from ${s}.aid_recipient_country c where c.code = any(countries)
          union all select t.report_id from ${s}.aid_transaction t where t.recipient_country = any(countries))
        and coalesce(r.end_date, r.start_date) >= active_from and coalesce(r.start_date, r.end_date) <= active_to
      order by a.iati_identifier $$`);
}

export interface PostgraphileServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startPostgraphile(connectionString: string, schema: string): Promise<PostgraphileServer> {
  process.env.GRAPHILE_ENV ??= 'production';
  const { postgraphile } = await import('postgraphile');
  const { PostGraphileAmberPreset } = await import('postgraphile/presets/amber');
  const { makePgService } = await import('postgraphile/adaptors/pg');
  const { grafserv } = await import('postgraphile/grafserv/node');
  const pgl = postgraphile({
    extends: [PostGraphileAmberPreset],
    pgServices: [makePgService({ connectionString, schemas: [schema] })],
    grafserv: { graphiql: false },
  });
  const serv = pgl.createServ(grafserv);
  const server: Server = createServer();
  serv.addTo(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async close() {
      // Releasing PostGraphile releases grafserv, which closes the server it was added to.
      await pgl.release();
      server.closeAllConnections();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
