import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/auth/viewer.js';
import { DownloadTickets, type TicketGrant } from '../../src/export/http/tickets.js';

const officer = { subject: 'officer@finance.gov.mw', roles: ['budget-officer'], via: 'jwt' } as unknown as Viewer;
const grant = (caller = 'user:officer', address = '10.0.0.5'): TicketGrant => ({
  viewer: officer,
  caller,
  address,
  path: '/export/budget',
  query: new URLSearchParams('country=MW&format=csv'),
});

function clocked(ttlMs = 30_000) {
  let now = 1_000_000;
  return { tickets: new DownloadTickets(ttlMs, () => now), pass: (ms: number) => (now += ms) };
}

const ticketOf = (issued: ReturnType<DownloadTickets['issue']>) => {
  if (typeof issued === 'string') throw new Error(issued);
  return issued.ticket;
};

describe('download tickets', () => {
  it('are random, good once, for the download and the address they were issued for', () => {
    const { tickets } = clocked();
    const first = ticketOf(tickets.issue(grant()));
    const second = ticketOf(tickets.issue(grant()));
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
    const redeemed = tickets.redeem(first, '/export/budget', '10.0.0.5');
    expect(redeemed).toMatchObject({ viewer: officer, caller: 'user:officer' });
    expect(tickets.redeem(first, '/export/budget', '10.0.0.5')).toMatch(/unknown, already used or expired/);
    // Misused, a ticket is spent all the same: a second try from the right place finds nothing.
    expect(tickets.redeem(second, '/export/iati', '10.0.0.5')).toBe('the download ticket was issued for /export/budget, not /export/iati');
    expect(tickets.redeem(second, '/export/budget', '10.0.0.5')).toMatch(/unknown, already used or expired/);
    const third = ticketOf(tickets.issue(grant()));
    expect(tickets.redeem(third, '/export/budget', '10.0.0.9')).toBe('the download ticket was issued to another client address');
    expect(tickets.redeem(third, '/export/budget', '10.0.0.5')).toMatch(/unknown/);
    expect(tickets.redeem('', '/export/budget', '10.0.0.5')).toMatch(/unknown/);
  });

  it('expire after their time, and are forgotten', () => {
    const { tickets, pass } = clocked(30_000);
    const issued = tickets.issue(grant());
    expect(issued).toMatchObject({ expiresInSeconds: 30 });
    pass(29_999);
    expect(tickets.live).toBe(1);
    pass(1);
    expect(tickets.live).toBe(0);
    expect(tickets.redeem(ticketOf(issued), '/export/budget', '10.0.0.5')).toMatch(/expired/);
  });

  it('are bounded per caller, not for others', () => {
    const { tickets, pass } = clocked();
    for (let i = 0; i < 10; i += 1) ticketOf(tickets.issue(grant()));
    expect(tickets.issue(grant())).toBe('you hold 10 unused download tickets (at most 10); use one or wait for them to expire');
    expect(typeof tickets.issue(grant('user:analyst'))).toBe('object');
    pass(30_000);
    expect(typeof tickets.issue(grant())).toBe('object');
  });
});
