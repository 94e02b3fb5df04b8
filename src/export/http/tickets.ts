import { randomBytes } from 'node:crypto';
import type { Viewer } from '../../auth/viewer.js';

/** A ticket lives this long by default: enough for the browser to follow it, too short to be worth stealing. */
export const TICKET_MS = 30_000;
/** Live tickets one caller may hold (each is used once within seconds; more is a script asking in a loop). */
const PER_CALLER = 10;

/** What a ticket stands for: one download, of these parameters, by this viewer, from this address. */
export interface TicketGrant {
  readonly viewer: Viewer;
  readonly caller: string;
  readonly address: string | undefined;
  readonly path: string;
  readonly query: URLSearchParams;
}

interface Held extends TicketGrant {
  readonly expires: number;
}

/**
 * Single-use download tickets. A browser saves a file to disk only by following a link, and a link
 * cannot carry the bearer token: the page posts the token for a ticket, then follows
 * `/export/budget?ticket=…`, which streams to disk like any download. A ticket is random (256 bits),
 * kept only in this process's memory, taken on first use whatever the outcome, dead after `ttlMs`,
 * and good only for the download it was issued for, from the address that asked for it.
 */
export class DownloadTickets {
  private readonly held = new Map<string, Held>();

  constructor(
    readonly ttlMs = TICKET_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new ticket, or why not (the caller holds too many). */
  issue(grant: TicketGrant): { ticket: string; expiresInSeconds: number } | string {
    this.prune();
    const mine = [...this.held.values()].filter((held) => held.caller === grant.caller).length;
    if (mine >= PER_CALLER) return `you hold ${mine} unused download tickets (at most ${PER_CALLER}); use one or wait for them to expire`;
    const ticket = randomBytes(32).toString('base64url');
    this.held.set(ticket, { ...grant, expires: this.now() + this.ttlMs });
    return { ticket, expiresInSeconds: Math.ceil(this.ttlMs / 1000) };
  }

  /** The grant behind a ticket, taken (a second use finds nothing), or why it is refused. */
  redeem(ticket: string, path: string, address: string | undefined): TicketGrant | string {
    const held = this.held.get(ticket);
    this.held.delete(ticket);
    if (!held || held.expires <= this.now()) return 'the download ticket is unknown, already used or expired: ask for a new one';
    if (held.path !== path) return `the download ticket was issued for ${held.path}, not ${path}`;
    if (held.address !== address) return 'the download ticket was issued to another client address';
    return held;
  }

  /** Tickets issued and not yet used or expired. */
  get live(): number {
    this.prune();
    return this.held.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [ticket, held] of this.held) if (held.expires <= now) this.held.delete(ticket);
  }
}
