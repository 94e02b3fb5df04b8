import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseAck } from '../../../connectors/registry/dci/envelope.js';
import { DciError } from '../../../connectors/registry/dci/errors.js';
import { startSubscriptionReceiver, type SubscriptionReceiver } from '../../../connectors/registry/dci/notify.js';
import { jwksKeys, publicJwk } from '../../../connectors/registry/dci/signature.js';
import { listenDci, subscribeDci, unsubscribeDci, type DciConnectionOptions } from '../../../connectors/registry/dci/subscribe.js';
import { parseSubscribeRequest } from '../../../connectors/registry/dci/subscription-messages.js';
import type { RegistryPull } from '../../../connectors/registry/types.js';
import { startDciDouble, syntheticGroups, type DciDouble, type Json } from '../../support/dci-double/index.js';
import { sample } from '../../support/sample-data.js';

const hubKey = generateKeyPairSync('ed25519').privateKey;
const hubKeys = { keys: [publicJwk(hubKey, 'hub-1')] };
const TODAY = '2025-06-30';

let social: DciDouble;
let receiver: SubscriptionReceiver;
const pulls: { pull: RegistryPull; subscriptionCode: string; transactionId: string }[] = [];
let listenerFails = false;

function connection(double: DciDouble): DciConnectionOptions {
  return {
    baseUrl: double.url,
    registry: 'social',
    senderId: 'tributary',
    receiverId: double.registryId,
    signingKey: hubKey,
    keyId: 'hub-1',
    registryJwksUrl: double.jwksUrl,
    oauth: { tokenUrl: double.tokenUrl, clientId: 'tributary', clientSecret: 's3cret' },
    timeoutMs: 3000,
  };
}

const subscribe = () => subscribeDci({ ...connection(social), receiver });

async function dciError(promise: Promise<unknown>): Promise<DciError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DciError);
  return error as DciError;
}

type AckBody = { message: { ack_status: string; correlation_id: string; error?: { code: string; message: string } } };
const ackOf = (answer: { body: unknown }): AckBody['message'] => (answer.body as AckBody).message;
const example = (area: string, name: string): unknown =>
  JSON.parse(readFileSync(sample('registry', 'dci', 'examples', area, name), 'utf8'));

beforeAll(async () => {
  social = await startDciDouble({ registry: 'social', clientKeys: hubKeys });
  receiver = await startSubscriptionReceiver({
    keys: jwksKeys(social.jwksUrl),
    registry: 'social',
    registryId: social.registryId,
    today: () => TODAY,
    onPull: (pull, context) => {
      if (listenerFails) return Promise.reject(new Error('the database is down'));
      pulls.push({ pull, ...context });
      return Promise.resolve();
    },
  });
});
afterAll(async () => {
  await receiver.close();
  await social.close();
});
afterEach(() => {
  social.fault = null;
  social.requests.length = 0;
  social.callbacks.length = 0;
  pulls.length = 0;
  listenerFails = false;
});

describe('DCI subscribe and on-subscribe', () => {
  it('reads the published subscribe examples (DR, FR) and their ack', () => {
    for (const area of ['dr', 'fr']) {
      const file = area === 'dr' ? 'processflow4' : 'processflow3';
      const request = parseSubscribeRequest(example(area, `${file}req.json`), `${area}/${file}req.json`);
      expect(request.header.sender_uri).toMatch(/^https:\/\/spmis\.example\.org\/.*\/callback\/on-new-/);
      const criteria = request.message.subscribe_request[0]?.subscribe_criteria;
      expect(criteria?.notify_record_type).toBe('spdci-extensions-dci:Person');
      expect(criteria?.frequency?.frequency).toBe('daily');
      const ack = parseAck(example(area, `${file}res.json`), `${area}/${file}res.json`);
      expect(ack).toMatchObject({ ack_status: 'ACK', correlation_id: 'txn-9876543210' });
    }
    const dr = parseSubscribeRequest(example('dr', 'processflow4req.json'), 'dr');
    expect(dr.message.subscribe_request[0]?.subscribe_criteria.reg_event_type).toBe('spdci-common:RegistryEventType:NewDisabledNewborn');
  });

  it('sends signed criteria with the receiver as sender_uri and gets the code from on-subscribe', async () => {
    const sub = await subscribeDci({
      ...connection(social),
      receiver,
      since: '2025-01-01T00:00:00Z',
      criteria: { reg_type: 'ns:org:RegistryType:Social' },
    });
    expect(sub.subscriptionCode).toMatch(/^sub-/);
    expect(sub.status).toBe('subscribe');
    expect(receiver.holds(sub.subscriptionCode)).toBe(true);

    const sent = social.requests.find((r) => r.path === '/registry/subscribe');
    expect(sent?.authorization).toMatch(/^Bearer /);
    const request = parseSubscribeRequest(sent?.body, 'subscribe');
    expect(request.signature).toMatch(/kidId="tributary\|hub-1\|ed25519"/);
    expect(request.header).toMatchObject({ action: 'subscribe', sender_uri: receiver.url, receiver_id: 'social-registry' });
    expect(request.message.subscribe_request[0]?.subscribe_criteria).toMatchObject({
      reg_type: 'ns:org:RegistryType:Social',
      reg_event_type: 'REGISTER',
      notify_record_type: 'Group',
      filter_type: 'predicate',
      filter: [{ seq_num: 1, expression1: { attribute_name: 'last_updated', operator: 'ge', attribute_value: '2025-01-01T00:00:00Z' } }],
      frequency: { frequency: '0 0 0 * * ? *' },
    });
    // The double records the hub's answer once it has read it, after subscribeDci may have resolved.
    const onSubscribe = await vi.waitFor(() => {
      const found = social.callbacks.find((c) => c.url === `${receiver.url}/registry/on-subscribe`);
      if (!found) throw new Error('no on-subscribe yet');
      return found;
    });
    expect(onSubscribe.status).toBe(200);
    expect(ackOf(onSubscribe)).toMatchObject({ ack_status: 'ACK', correlation_id: request.message.transaction_id });
  });

  it('refuses an on-subscribe with a bad signature and fails the subscription with BAD_SIGNATURE', async () => {
    social.fault = 'bad-signature';
    const error = await dciError(subscribe());
    expect(error.dciCode).toBe('BAD_SIGNATURE');
    expect(error.message).toMatch(/on-subscribe callback: signature refused/);
    const refused = await vi.waitFor(() => {
      const found = social.callbacks.find((c) => c.status === 400);
      if (!found) throw new Error('no refused callback yet');
      return found;
    });
    expect(ackOf(refused).error?.code).toBe('err.signature.invalid');
    expect(receiver.holds(social.subscriptions.at(-1)!.code)).toBe(false);
  });

  it.each([
    ['rejected (rjct)', 'reject' as const, 'REGISTRY_REJECTED', /rejected the subscription \(rjct\.event\.already_subscribed/],
    ['never answered', 'silent' as const, 'TIMEOUT', /no on-subscribe within 300 ms/],
    ['refused with HTTP 503', 'fail' as const, 'REGISTRY_UNAVAILABLE', /HTTP 503/],
  ])('fails a subscription that is %s', async (_, fault, code, message) => {
    social.fault = fault;
    const error = await dciError(subscribeDci({ ...connection(social), receiver, timeoutMs: 300 }));
    expect(error.dciCode).toBe(code);
    expect(error.message).toMatch(message);
  });
});

describe('DCI notify', () => {
  it('hands a notify of 3 groups to the listener as a pull with 3 households and their members', async () => {
    const { subscriptionCode } = await subscribe();
    const groups = syntheticGroups(3);
    const answer = await social.notify(subscriptionCode, groups);
    expect(answer.status).toBe(200);
    expect(ackOf(answer).ack_status).toBe('ACK');

    expect(pulls).toHaveLength(1);
    const { pull, transactionId } = pulls[0]!;
    expect(pulls[0]?.subscriptionCode).toBe(subscriptionCode);
    expect(transactionId).toBe(ackOf(answer).correlation_id);
    expect(pull.problems).toEqual([]);
    const { batch, watermark, deleted } = pull.changes;
    expect(batch.households.map((h) => h.key)).toEqual(['HH0001', 'HH0002', 'HH0003']);
    // syntheticGroups gives group g (g % 3) + 1 members: 2, 3 and 1.
    expect(batch.individuals).toHaveLength(6);
    expect(batch.memberships.filter((m) => m.householdKey === 'HH0002').map((m) => m.role)).toEqual(['head', 'spouse', 'child']);
    expect(batch.memberships.filter((m) => m.role === 'head')).toHaveLength(3);
    const latest = groups
      .map((g) => g.last_updated as string)
      .sort()
      .at(-1);
    expect(watermark).toBe(new Date(latest!).toISOString());
    expect(deleted.households).toEqual([]);
  });

  it('reads the subscription code from header.meta as well', async () => {
    const { subscriptionCode } = await subscribe();
    const answer = await social.notify(subscriptionCode, syntheticGroups(1), { codeInMeta: true });
    expect(answer.status).toBe(200);
    expect(pulls.map((p) => p.subscriptionCode)).toEqual([subscriptionCode]);
  });

  it.each([
    ['a bad signature', 'bad-signature' as const, null, 400, 'err.signature.invalid'],
    ['no signature', 'no-signature' as const, null, 400, 'err.signature.invalid'],
    ['an unknown subscription code', null, 'sub-not-ours', 404, 'err.request.not_found'],
  ])('refuses a notify with %s and does not call the listener', async (_, fault, code, status, errorCode) => {
    const { subscriptionCode } = await subscribe();
    social.fault = fault;
    const answer = await social.notify(code ?? subscriptionCode, syntheticGroups(3));
    expect(answer.status).toBe(status);
    expect(ackOf(answer)).toMatchObject({ ack_status: 'ERR', error: { code: errorCode } });
    expect(pulls).toEqual([]);
  });

  it('answers ERR (503) when the listener fails, so that the registry may deliver again', async () => {
    const { subscriptionCode } = await subscribe();
    listenerFails = true;
    const failed = await social.notify(subscriptionCode, syntheticGroups(2));
    expect(failed.status).toBe(503);
    expect(ackOf(failed).error).toMatchObject({ code: 'err.service.unavailable', message: expect.stringMatching(/the database is down/) });
    listenerFails = false;
    const again = await social.notify(subscriptionCode, syntheticGroups(2));
    expect(again.status).toBe(200);
    expect(pulls[0]?.pull.changes.batch.households).toHaveLength(2);
  });

  it('reports a birth date in the future as a problem naming the record and the field', async () => {
    const { subscriptionCode } = await subscribe();
    const groups = syntheticGroups(2);
    const member = ((groups[1]!.member_list as Json[])[1]!.household_member as Json).demographic_info as { person: Json };
    member.person.birth_date = '2099-01-01T00:00:00Z';
    const answer = await social.notify(subscriptionCode, groups);
    expect(answer.status).toBe(200);
    expect(pulls[0]?.pull.problems).toEqual([
      expect.objectContaining({
        file: 'dci:social/Group',
        record: 'M000004',
        field: 'reg_records[1].member_list[1].household_member.demographic_info.person.birth_date',
        code: 'FUTURE_DATE',
      }),
    ]);
  });

  it('refuses a message whose action is not the one its path names', async () => {
    const res = await fetch(`${receiver.url}/registry/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ header: { action: 'on-subscribe' }, message: { transaction_id: 't-1' } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as AckBody).message).toMatchObject({
      ack_status: 'ERR',
      correlation_id: 't-1',
      error: { code: 'err.request.bad' },
    });
  });
});

describe('DCI unsubscribe', () => {
  it('unsubscribes through on-unsubscribe, after which a notify is refused', async () => {
    const { subscriptionCode } = await subscribe();
    const result = await unsubscribeDci({ ...connection(social), receiver }, [subscriptionCode]);
    expect(result).toEqual({ status: 'succ', subscriptions: [{ code: subscriptionCode, status: 'unsubscribe' }] });
    expect(receiver.holds(subscriptionCode)).toBe(false);
    expect(social.subscriptions.find((s) => s.code === subscriptionCode)?.active).toBe(false);
    const sent = social.requests.find((r) => r.path === '/registry/unsubscribe')?.body as { message: Json };
    expect(sent.message).toMatchObject({ subscription_codes: [subscriptionCode], timestamp: expect.any(String) });

    const late = await social.notify(subscriptionCode, syntheticGroups(1));
    expect(late.status).toBe(404);
    expect(pulls).toEqual([]);
  });

  it('fails with the registry reason when the code is not an active subscription', async () => {
    const error = await dciError(unsubscribeDci({ ...connection(social), receiver }, ['sub-never-made']));
    expect(error.dciCode).toBe('REGISTRY_REJECTED');
    expect(error.message).toMatch(/rjct\.subscription_code\.invalid: no active subscription sub-never-made/);
  });
});

describe('listenDci', () => {
  it('starts a receiver, subscribes, delivers pulls, and on close unsubscribes and stops', async () => {
    const seen: string[] = [];
    const listening = await listenDci({ ...connection(social), today: TODAY }, (pull, { subscriptionCode }) => {
      seen.push(`${subscriptionCode}:${pull.changes.batch.households.length}`);
      return Promise.resolve();
    });
    expect(listening.url).not.toBe(receiver.url);
    const answer = await social.notify(listening.subscriptionCode, syntheticGroups(3));
    expect(answer.status).toBe(200);
    expect(seen).toEqual([`${listening.subscriptionCode}:3`]);

    await listening.close();
    expect(social.subscriptions.find((s) => s.code === listening.subscriptionCode)?.active).toBe(false);
    await expect(social.notify(listening.subscriptionCode, syntheticGroups(1))).rejects.toThrow();
  });
});
