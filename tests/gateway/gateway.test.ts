import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeHub } from '../../src/gateway/compose.js';
import { subgraphs } from '../../src/gateway/subgraphs.js';
import { outdatedSchemaFiles } from '../../src/cli/commands/schema.js';
import { sample } from '../support/sample-data.js';
import { testHub, type TestHub } from '../support/hub.js';

describe('the gateway', () => {
  it('composes every registered subgraph into one supergraph', async () => {
    const composed = await composeHub(subgraphs);
    expect([...composed.subgraphs.keys()]).toEqual(subgraphs.map((s) => s.name));
    const supergraph = parse(composed.supergraphSdl);
    const graphs = supergraph.definitions.find((d) => d.kind === 'EnumTypeDefinition' && d.name.value === 'join__Graph');
    expect(graphs && 'values' in graphs ? graphs.values?.map((v) => v.name.value) : []).toEqual([
      'AID',
      'FINANCE',
      'MAPPING',
      'REGISTRY',
      'SYNC',
    ]);
    expect(composed.publicSdl).toContain('type Activity');
    expect(composed.publicSdl).toContain('type ImportRun');
    expect(composed.publicSdl).toContain('type RegistryStatistics');
  });

  it('publishes exactly the SDL checked in under schema/ (run `npx tributary schema write` after changing the graph)', async () => {
    expect(await outdatedSchemaFiles()).toEqual([]);
  });

  describe('serving a query that spans two subgraphs, in process', () => {
    let t: TestHub;
    beforeAll(async () => {
      t = await testHub([sample('iati', 'activities', 'v2', 'ifad-activity.xml')]);
    });
    afterAll(async () => t.close());

    it('resolves an activity (aid) and the import run that loaded it (sync) in one request', async () => {
      const data = await t.query<{
        activities: {
          nodes: { iatiIdentifier: string; reports: { importRun: { id: string; status: string; input: string; loaded: number } }[] }[];
        };
      }>(`{ activities(first: 1) { nodes { iatiIdentifier reports { importRun { id status input loaded } } } } }`);
      const [activity] = data.activities.nodes;
      expect(activity?.reports[0]?.importRun).toMatchObject({ status: 'succeeded', loaded: 1 });
      expect(activity?.reports[0]?.importRun.input).toContain('ifad-activity.xml');
    });

    it('answers errors with a code and no internals', async () => {
      const result = await t.raw('{ activities(first: -1) { totalCount } }');
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const unknown = await t.raw('{ nope }');
      expect(unknown.errors?.[0]?.message).toContain('nope');
    });

    it('serves GraphiQL from the hub itself, with no script or style from the internet', async () => {
      const response = await t.hub.gateway.fetch('http://hub.test/graphql', { headers: { accept: 'text/html' } });
      const html = await response.text();
      expect(response.status).toBe(200);
      expect(html).toContain('<title>tributary</title>');
      expect(html.length).toBeGreaterThan(1_000_000); // GraphiQL's bundle is inlined
      expect(html.match(/<(script|link)[^>]+(src|href)="https?:\/\/[^"]+"/g) ?? []).toEqual([]);
    });
  });
});
