/**
 * How many downloads run at once: each holds a database connection and a transaction for as long
 * as the client reads, so a caller opening fifty must not take the pool. Past either bound the
 * route answers 429 at once (a queue would hold fifty sockets open just as well).
 */
export class DownloadSlots {
  private readonly running = new Map<string, number>();
  private total = 0;

  constructor(
    readonly max: number,
    readonly perCaller: number,
  ) {}

  /** A release function, or why not. */
  take(caller: string): (() => void) | string {
    const mine = this.running.get(caller) ?? 0;
    if (mine >= this.perCaller)
      return `you are already downloading ${mine} file${mine === 1 ? '' : 's'} (at most ${this.perCaller} at once, TRIBUTARY_MAX_CALLER_DOWNLOADS); try again when one is done`;
    if (this.total >= this.max)
      return `the hub is serving ${this.total} downloads, its most at once (TRIBUTARY_MAX_DOWNLOADS); try again shortly`;
    this.running.set(caller, mine + 1);
    this.total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.running.get(caller) ?? 1) - 1;
      if (left === 0) this.running.delete(caller);
      else this.running.set(caller, left);
    };
  }

  /** Downloads running now. */
  get active(): number {
    return this.total;
  }
}
