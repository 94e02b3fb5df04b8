import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TokenSource } from '../../../connectors/registry/dci/auth.js';
import { startCallbackReceiver, type CallbackReceiver } from '../../../connectors/registry/dci/callback.js';
import { DciClient } from '../../../connectors/registry/dci/client.js';
import { DciError } from '../../../connectors/registry/dci/errors.js';
import { pullDci } from '../../../connectors/registry/dci/read.js';
import { jwksKeys, publicJwk } from '../../../connectors/registry/dci/signature.js';
import { startDciDouble, type DciDouble } from '../../support/dci-double/index.js';

const hubKey = generateKeyPairSync('ed25519').privateKey;
const hubKeys = { keys: [publicJwk(hubKey, 'hub-1')] };
const everything = {
  query_type: 'predicate' as const,
  query: [{ seq_num: 1, expression1: { attribute_name: 'registration_date', operator: 'le', attribute_value: '2026-01-01' } }],
};

let social: DciDouble;
let receiver: CallbackReceiver;

function client(double: DciDouble, secret = 's3cret'): DciClient {
  return new DciClient({
    baseUrl: double.url,
    registry: 'social',
    senderId: 'tributary',
    receiverId: double.registryId,
    signer: { key: hubKey, kid: 'hub-1', senderId: 'tributary' },
    registryKeys: jwksKeys(double.jwksUrl),
    tokens: new TokenSource({ tokenUrl: double.tokenUrl, clientId: 'tributary', clientSecret: secret }),
  });
}

async function dciError(promise: Promise<unknown>): Promise<DciError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DciError);
  return error as DciError;
}

const searches = (double: DciDouble, path: string) => double.requests.filter((r) => r.path === path);

beforeAll(async () => {
  social = await startDciDouble({ registry: 'social', clientKeys: hubKeys });
  receiver = await startCallbackReceiver({ keys: jwksKeys(social.jwksUrl) });
});
afterAll(async () => {
  await receiver.close();
  await social.close();
});
afterEach(() => {
  social.fault = null;
  social.requests.length = 0;
  social.callbacks.length = 0;
});

describe('DCI client: OAuth2 client credentials', () => {
  it('fetches a token once and sends it as a bearer on every page', async () => {
    const result = await client(social).syncSearch(everything, { pageSize: 10 });
    const tokens = searches(social, '/oauth2/client/token');
    expect(tokens).toHaveLength(1);
    expect(new URLSearchParams(tokens[0]?.body as string).get('grant_type')).toBe('client_credentials');
    const pages = searches(social, '/registry/sync/search');
    expect(pages.length).toBe(result.pages.length);
    expect(new Set(pages.map((p) => p.authorization)).size).toBe(1);
    expect(pages[0]?.authorization).toMatch(/^Bearer [0-9a-f-]{36}$/);
  });

  it('is refused with a wrong client secret, naming the client', async () => {
    const error = await dciError(client(social, 'wrong').syncSearch(everything));
    expect(error.dciCode).toBe('AUTH_FAILED');
    expect(error.message).toMatch(/refused client "tributary": HTTP 401 \(invalid_client\)/);
    expect(searches(social, '/registry/sync/search')).toHaveLength(0);
  });

  it('fetches a new token shortly before the old one expires', async () => {
    let clock = 0;
    const tokens = new TokenSource({ tokenUrl: social.tokenUrl, clientId: 'tributary', clientSecret: 's3cret' }, fetch, () => clock);
    const first = await tokens.token();
    clock = 3_500_000; // 3500 s of 3600: still outside the 30 s margin
    expect(await tokens.token()).toBe(first);
    clock = 3_580_000;
    expect(await tokens.token()).not.toBe(first);
    expect(searches(social, '/oauth2/client/token')).toHaveLength(2);
  });
});

describe('DCI client: sync search', () => {
  it('follows pagination until total_count, and the double saw every page', async () => {
    const result = await client(social).syncSearch(everything, { pageSize: 10 });
    expect(result.records).toHaveLength(25); // the example Group + 24 synthetic ones
    expect(result.pages.map((p) => [p.pageNumber, p.records.length, p.totalCount])).toEqual([
      [1, 10, 25],
      [2, 10, 25],
      [3, 5, 25],
    ]);
    const sent = searches(social, '/registry/sync/search').map(
      (r) => r.body as { message: { transaction_id: string; search_request: { search_criteria: { pagination: unknown } }[] } },
    );
    expect(sent.map((b) => b.message.search_request[0]?.search_criteria.pagination)).toEqual([
      { page_size: 10, page_number: 1 },
      { page_size: 10, page_number: 2 },
      { page_size: 10, page_number: 3 },
    ]);
    expect(new Set(sent.map((b) => b.message.transaction_id))).toEqual(new Set([result.transactionId]));
    expect((result.records[0] as { group_identifier: { identifier_value: string }[] }).group_identifier[0]?.identifier_value).toBe(
      '0205202401',
    );
  });

  it.each([
    ['bad-signature', 'BAD_SIGNATURE', /does not match/],
    ['no-signature', 'BAD_SIGNATURE', /carries no signature/],
    ['wrong-transaction', 'INVALID_MESSAGE', /message.transaction_id/],
    ['reject', 'REGISTRY_REJECTED', /rjct.search_criteria.invalid/],
    ['fail', 'REGISTRY_UNAVAILABLE', /HTTP 503 \(err.service.unavailable/],
  ] as const)('refuses an answer when the registry is told %s', async (fault, code, why) => {
    social.fault = fault;
    const error = await dciError(client(social).syncSearch(everything, { pageSize: 10 }));
    expect(error.dciCode).toBe(code);
    expect(error.message).toMatch(why);
  });

  it('stops when aborted', async () => {
    const error = await client(social)
      .syncSearch(everything, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
  });
});

describe('DCI client: async search', () => {
  it('delivers the results through the on-search callback, matched by transaction id', async () => {
    const result = await client(social).asyncSearch(everything, { pageSize: 10, receiver, timeoutMs: 5000 });
    expect(result.records).toHaveLength(25);
    expect(result.pages.map((p) => p.pageNumber)).toEqual([1, 2, 3]);
    const request = searches(social, '/registry/search')[0]?.body as {
      header: { sender_uri: string };
      message: { transaction_id: string };
    };
    expect(request.header.sender_uri).toBe(receiver.url);
    expect(request.message.transaction_id).toBe(result.transactionId);
    // the search completes on the third page, maybe before the double has noted the hub's answer
    await expect.poll(() => social.callbacks.length).toBe(3);
    expect(
      social.callbacks.map((c) => [c.status, (c.body as { message: { ack_status: string; correlation_id: string } }).message]),
    ).toEqual([1, 2, 3].map(() => [200, expect.objectContaining({ ack_status: 'ACK', correlation_id: result.transactionId })]));
  });

  it('refuses a callback with a bad signature, and the search fails with BAD_SIGNATURE', async () => {
    social.fault = 'bad-signature';
    const error = await dciError(client(social).asyncSearch(everything, { pageSize: 10, receiver, timeoutMs: 5000 }));
    expect(error.dciCode).toBe('BAD_SIGNATURE');
    await expect.poll(() => social.callbacks.length).toBe(3);
    expect(social.callbacks.map((c) => c.status)).toEqual([400, 400, 400]);
    expect((social.callbacks[0]?.body as { message: { error: { code: string } } }).message.error.code).toBe('err.signature.invalid');
  });

  it('answers 404 to a callback for a transaction nobody waits for', async () => {
    social.fault = 'wrong-transaction';
    const error = await dciError(client(social).asyncSearch(everything, { pageSize: 100, receiver, timeoutMs: 300 }));
    expect(error.dciCode).toBe('TIMEOUT');
    expect(social.callbacks[0]?.status).toBe(404);
  });

  it('times out when the results never come', async () => {
    social.fault = 'silent';
    const error = await dciError(client(social).asyncSearch(everything, { receiver, timeoutMs: 200 }));
    expect(error.dciCode).toBe('TIMEOUT');
    expect(error.message).toMatch(/0 records in 0 pages after 200 ms/);
  });
});

describe('pullDci', () => {
  const options = (double: DciDouble) => ({
    baseUrl: double.url,
    registry: 'social' as const,
    senderId: 'tributary',
    receiverId: double.registryId,
    signingKey: hubKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    keyId: 'hub-1',
    registryJwksUrl: double.jwksUrl,
    oauth: { tokenUrl: double.tokenUrl, clientId: 'tributary', clientSecret: 's3cret' },
    today: '2025-12-31',
    pageSize: 10,
  });

  it.each(['sync', 'async'] as const)('pulls everything (%s) and reports the example group that has no location code', async (mode) => {
    const pull = await pullDci({ ...options(social), mode, since: null });
    expect(pull.changes.batch.households).toHaveLength(25);
    expect(pull.changes.batch.households[1]).toEqual({ key: 'HH0001', areaCode: 'R2-D2' });
    expect(pull.changes.batch.areas.map((a) => a.code)).toEqual(['R1', 'R2', 'R3', 'R1-D1', 'R1-D2', 'R2-D1', 'R2-D2', 'R3-D1', 'R3-D2']);
    expect(pull.changes.deleted).toEqual({ households: [], individuals: [], payments: [], grievances: [] });
    expect(pull.changes.watermark).toBe('2025-06-24T10:00:00.000Z');
    expect(pull.problems).toEqual([
      {
        file: 'dci:social/Group',
        row: null,
        record: '0205202401',
        field: 'reg_records[0].place',
        code: 'MISSING_VALUE',
        message: "no location code: neither the group's place nor a member's address has region_code or sub_region_code",
      },
    ]);
  });

  it('asks for records changed since the watermark with a predicate on last_updated', async () => {
    const pull = await pullDci({ ...options(social), mode: 'sync', since: '2025-06-01T00:00:00Z' });
    const sent = searches(social, '/registry/sync/search')[0]?.body as { message: { search_request: { search_criteria: unknown }[] } };
    expect(sent.message.search_request[0]?.search_criteria).toMatchObject({
      reg_event_type: 'REGISTER',
      query_type: 'predicate',
      response_entity: 'Group',
      query: [{ seq_num: 1, expression1: { attribute_name: 'last_updated', operator: 'ge', attribute_value: '2025-06-01T00:00:00Z' } }],
    });
    // the double keeps the example group (blank last_update) and the four groups updated in June
    expect(pull.changes.batch.households.map((h) => h.key)).toEqual(['0205202401', 'HH0005', 'HH0011', 'HH0017', 'HH0023']);
  });
});

describe('pullDci from an IBR', () => {
  it('pulls enrolments of the example and synthetic beneficiaries, and reports the example gaps', async () => {
    const ibr = await startDciDouble({ registry: 'ibr', clientKeys: hubKeys });
    try {
      const pull = await pullDci({
        baseUrl: ibr.url,
        registry: 'ibr',
        mode: 'sync',
        senderId: 'tributary',
        receiverId: ibr.registryId,
        signingKey: hubKey,
        keyId: 'hub-1',
        registryJwksUrl: ibr.jwksUrl,
        oauth: { tokenUrl: ibr.tokenUrl, clientId: 'tributary', clientSecret: 's3cret' },
        since: null,
        today: '2025-12-31',
        country: 'MW',
        pageSize: 8,
      });
      expect(ibr.requests.filter((r) => r.path === '/registry/sync/search')).toHaveLength(3); // 22 records, 8 a page
      expect(pull.changes.batch.programmes.map((p) => [p.code, p.name, p.currency])).toEqual([
        ['DCI001', 'Test Programme', 'USD'],
        ['DCI002', 'Old Age Grant', 'USD'],
      ]);
      expect(pull.changes.batch.enrolments).toHaveLength(21);
      expect(pull.changes.batch.enrolments[0]).toEqual({
        programmeCode: 'DCI001',
        beneficiaryKey: '0205202401',
        status: 'active',
        enrolledOn: '2024-04-12',
        exitedOn: null,
      });
      expect(new Set(pull.problems.map((p) => `${p.record} ${p.code}`))).toEqual(
        new Set([
          '0205202401 MISSING_VALUE',
          '0205202401 BAD_DATE',
          '847951632 MISSING_VALUE',
          '847951632 UNKNOWN_VALUE',
          '847951632 UNKNOWN_PROGRAMME',
        ]),
      );
      expect(pull.problems.every((p) => p.file === 'dci:ibr/Beneficiary')).toBe(true);
    } finally {
      await ibr.close();
    }
  });
});
