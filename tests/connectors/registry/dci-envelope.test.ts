import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildSearchRequest,
  pageCount,
  parseAck,
  parseSearchRequest,
  parseSearchResponse,
} from '../../../connectors/registry/dci/envelope.js';
import { DciError } from '../../../connectors/registry/dci/errors.js';
import { parseNotify, parseSubscribeResponse } from '../../../connectors/registry/dci/subscription-messages.js';
import { sample } from '../../support/sample-data.js';

const examples = (area: string): string[] =>
  readdirSync(sample('registry', 'dci', 'examples', area))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(sample('registry', 'dci', 'examples', area), f));
const read = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** Example files that are not search messages, and why. */
const NOT_SEARCH: Record<string, string> = {
  'usecaselist.json': 'the list of process flows, not a message',
  'ibr/processflow1req.json': 'an enrolment (action register, receipt_information), not a search',
  'ibr/processflow1res.json': 'the acknowledgement of that enrolment, its ack nested under message.message',
  'ibr/processflow2req.json': 'an /registry/sync/enrolled request (enrolled_criteria), not a search',
};

function caught(fn: () => unknown): DciError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DciError) return error;
    throw error;
  }
  throw new Error('expected a DciError');
}

describe('DCI envelopes', () => {
  const files = [...examples('social'), ...examples('ibr')];

  it('finds the 20 example messages of the social registry and IBR', () => {
    expect(files).toHaveLength(22); // + two usecaselist.json
  });

  it.each(files.map((f) => [path.relative(sample('registry', 'dci', 'examples'), f), f]))(
    'parses the example %s (or names why not)',
    (name, file) => {
      const why = NOT_SEARCH[name] ?? NOT_SEARCH[path.basename(name)];
      const json = read(file);
      if (why) {
        expect(() => (name.endsWith('res.json') ? parseSearchResponse(json, name) : parseSearchRequest(json, name))).toThrow(DciError);
        return;
      }
      if (name.endsWith('res.json')) {
        const parsed = parseSearchResponse(json, name);
        expect(parsed.message.search_response.length).toBeGreaterThan(0);
        expect(parsed.message.search_response[0]?.data?.reg_records.length).toBeGreaterThan(0);
      } else {
        const parsed = parseSearchRequest(json, name);
        expect(parsed.header.action).toBe('search');
        expect(parsed.message.search_request[0]?.search_criteria.pagination).toEqual({ page_size: 10, page_number: 1 });
      }
    },
  );

  it('reads the example answer leniently: string counts, empty total_count, null pagination', () => {
    const social = parseSearchResponse(read(sample('registry', 'dci', 'examples', 'social', 'processflow2res.json')), 'processflow2res');
    expect(social.header).toMatchObject({ status: 'rcvd', sender_id: 'sp-system', message_ts: '2023-07-19T12:15:04.555Z' });
    expect(social.message.search_response[0]?.pagination).toEqual({ page_size: 10, page_number: 1, total_count: null });
    const group = parseSearchResponse(read(sample('registry', 'dci', 'examples', 'social', 'processflow1-1res.json')), 'processflow1-1res');
    expect(group.message.transaction_id).toBe('123456789');
    expect(group.message.correlation_id).toBe('9876543210');
    expect(group.message.search_response[0]).toMatchObject({ reference_id: '12345678901234567890', status: 'rcvd', pagination: null });
  });

  it('builds a sync request without sender_uri and an async one with it', () => {
    const now = new Date('2025-03-01T10:00:00Z');
    const base = {
      senderId: 'tributary',
      receiverId: 'social-registry',
      transactionId: 'T1',
      referenceId: 'R1',
      criteria: { query_type: 'idtype-value' as const, query: { type: 'UIN', value: '847951632' } },
      pagination: { page_size: 50, page_number: 2 },
      now,
    };
    const sync = buildSearchRequest(base);
    expect(sync.header).toEqual({
      version: '1.0.0',
      message_id: sync.header.message_id,
      message_ts: '2025-03-01T10:00:00.000Z',
      action: 'search',
      sender_id: 'tributary',
      receiver_id: 'social-registry',
      total_count: 1,
      is_msg_encrypted: false,
    });
    expect(sync.message.search_request[0]).toEqual({
      reference_id: 'R1',
      timestamp: '2025-03-01T10:00:00.000Z',
      search_criteria: {
        version: '1.0.0',
        query_type: 'idtype-value',
        query: { type: 'UIN', value: '847951632' },
        pagination: { page_size: 50, page_number: 2 },
      },
    });
    const async = buildSearchRequest({ ...base, senderUri: 'http://hub/registry/on-search' });
    expect(async.header.sender_uri).toBe('http://hub/registry/on-search');
    // what the hub builds, a registry can read back
    expect(
      parseSearchRequest(JSON.parse(JSON.stringify(async)), 'round trip').message.search_request[0]?.search_criteria.pagination,
    ).toEqual({
      page_size: 50,
      page_number: 2,
    });
  });

  it.each([
    ['no header', { message: { transaction_id: 'T', search_response: [] } }, 'header'],
    [
      'a status outside rcvd/pdng/succ/rjct',
      { header: { message_id: '1', message_ts: 't', action: 'on-search', status: 'done' }, message: {} },
      'header.status',
    ],
    [
      'an encrypted message',
      { header: { message_id: '1', message_ts: 't', action: 'a', status: 'succ', is_msg_encrypted: true }, message: {} },
      'header.is_msg_encrypted',
    ],
    [
      'no search_response',
      { header: { message_id: '1', message_ts: 't', action: 'a', status: 'succ' }, message: { transaction_id: 'T' } },
      'message.search_response',
    ],
    [
      'a record that is not an object',
      {
        header: { message_id: '1', message_ts: 't', action: 'a', status: 'succ' },
        message: { transaction_id: 'T', search_response: [{ reference_id: 'R', status: 'succ', data: { reg_records: [3] } }] },
      },
      'message.search_response[0].data.reg_records[0]',
    ],
    [
      'a page number 0',
      {
        header: { message_id: '1', message_ts: 't', action: 'a', status: 'succ' },
        message: {
          transaction_id: 'T',
          search_response: [{ reference_id: 'R', status: 'succ', pagination: { page_size: 10, page_number: 0, total_count: 3 } }],
        },
      },
      'message.search_response[0].pagination.page_number',
    ],
    [
      'a total_count that is not a count',
      {
        header: { message_id: '1', message_ts: 't', action: 'a', status: 'succ' },
        message: {
          transaction_id: 'T',
          search_response: [{ reference_id: 'R', status: 'succ', pagination: { page_size: 10, page_number: 1, total_count: 'many' } }],
        },
      },
      'message.search_response[0].pagination.total_count',
    ],
  ])('refuses an answer with %s, naming the field', (_, json, field) => {
    const error = caught(() => parseSearchResponse(json, 'answer.json'));
    expect(error.dciCode).toBe('INVALID_MESSAGE');
    expect(error.where).toEqual({ file: 'answer.json', field });
    expect(error.message).toContain(`answer.json: ${field} `);
  });

  it('reads acknowledgements and counts pages', () => {
    expect(parseAck({ message: { ack_status: 'ACK', timestamp: 't', correlation_id: 'C' } }, 'ack')).toEqual({
      ack_status: 'ACK',
      correlation_id: 'C',
      error: null,
    });
    expect(parseAck({ message: { ack_status: 'ERR', error: { code: 'err.signature.invalid', message: 'no' } } }, 'ack').error).toEqual({
      code: 'err.signature.invalid',
      message: 'no',
    });
    expect(
      caught(() => parseAck(read(sample('registry', 'dci', 'examples', 'ibr', 'processflow1res.json')), 'processflow1res')).where.field,
    ).toBe('message.ack_status');
    expect([pageCount(0, 10), pageCount(10, 10), pageCount(11, 10), pageCount(25, 4)]).toEqual([1, 1, 2, 7]);
  });
});

describe('DCI messages with several faults', () => {
  const header = { message_id: '1', message_ts: 't', action: 'on-search', status: 'succ' };
  it.each([
    [
      'a signature that is no string before a missing transaction id',
      () => parseSearchResponse({ signature: 7, header, message: { search_response: [] } }, 'answer.json'),
      'answer.json: signature is not a string',
    ],
    [
      'a missing transaction id before a bad result',
      () => parseSearchResponse({ header, message: { search_response: [{ status: 'done' }] } }, 'answer.json'),
      'answer.json: message.transaction_id is missing',
    ],
    [
      'both page fields read as counts before either is found zero',
      () =>
        parseSearchResponse(
          {
            header,
            message: {
              transaction_id: 'T',
              search_response: [{ reference_id: 'R', status: 'succ', pagination: { page_size: 0, page_number: 'x' } }],
            },
          },
          'answer.json',
        ),
      'answer.json: message.search_response[0].pagination.page_number is not a count ("x")',
    ],
    [
      'a result’s records before its reference id',
      () =>
        parseSearchResponse({ header, message: { transaction_id: 'T', search_response: [{ data: { reg_records: [1] } }] } }, 'answer.json'),
      'answer.json: message.search_response[0].data.reg_records[0] is not an object',
    ],
    [
      'a request’s criteria before its header’s fields',
      () => parseSearchRequest({ header: {}, message: { search_request: [{ search_criteria: { query_type: 'sql' } }] } }, 'request.json'),
      'request.json: message.search_request[0].search_criteria.query_type is "sql"',
    ],
    [
      'an event’s reference id before its subscription code and record type',
      () =>
        parseNotify(
          {
            header: { message_id: '1', message_ts: 't', action: 'notify' },
            message: { notify_event: [{ subscription_code: 5, data: { reg_records: [], reg_type: 5 } }] },
          },
          'notify.json',
        ),
      'notify.json: message.notify_event[0].reference_id is missing',
    ],
    [
      'an answer’s subscriptions as a list before its status',
      () =>
        parseSubscribeResponse(
          {
            header: { message_id: '1', message_ts: 't', action: 'on-subscribe' },
            message: { subscribe_response: [{ reference_id: 'R', status: 'done', subscriptions: {} }] },
          },
          'on-subscribe.json',
        ),
      'on-subscribe.json: message.subscribe_response[0].subscriptions is not an array',
    ],
  ])('names the first field read: %s', (_, parse, message) => {
    expect(caught(parse).message).toBe(message);
  });
});
