import { activityHeld } from '../../aid/activity-lookup.js';
import type { Config } from '../../config.js';
import type { EntityManager } from '../../db/orm.js';
import { linkLoanActivity, loanActivityLinks, loanRowId, unlinkLoanActivity } from '../../finance/loan-links.js';
import { openDatabase } from '../database.js';

/**
 * The loan ↔ IATI activity link table an administrator keeps by hand, for the loans whose
 * activities the project-id rule (44000-<P-code>) cannot find. `loanId` is the graph's Loan id,
 * `<source>:<loan number>`.
 */
export interface LinkChange {
  readonly loanId: string;
  readonly iatiIdentifier: string;
  readonly reason: string;
  readonly by: string;
}

async function withLoan(config: Config, loanId: string, work: (em: EntityManager, id: number) => Promise<number>): Promise<number> {
  const orm = await openDatabase(config);
  try {
    return await orm.em.fork().transactional(async (em) => {
      const id = await loanRowId(em, loanId);
      if (id === null) {
        process.stderr.write(`no loan ${loanId} in the hub (a loan id is <source>:<loan number>, e.g. ibrd-statement:IBRD90550)\n`);
        return 1;
      }
      return work(em, id);
    });
  } finally {
    await orm.close();
  }
}

export function linkLoan(config: Config, change: LinkChange): Promise<number> {
  return withLoan(config, change.loanId, async (em, id) => {
    await linkLoanActivity(em, { loanRowId: id, iatiIdentifier: change.iatiIdentifier, reason: change.reason, by: change.by });
    const note = (await activityHeld(em, change.iatiIdentifier))
      ? ''
      : ' (the hub holds no such activity yet: the link shows once it is imported)';
    process.stdout.write(`${change.loanId} now finances ${change.iatiIdentifier}${note}\n`);
    return 0;
  });
}

export function unlinkLoan(config: Config, loanId: string, iatiIdentifier: string): Promise<number> {
  return withLoan(config, loanId, async (em, id) => {
    if (!(await unlinkLoanActivity(em, id, iatiIdentifier))) {
      process.stderr.write(`${loanId} has no link to ${iatiIdentifier}\n`);
      return 1;
    }
    process.stdout.write(`${loanId} no longer linked to ${iatiIdentifier}\n`);
    return 0;
  });
}

/** Every hand-made link, as tab-separated lines an administrator can paste into a sheet. */
export async function listLoanLinks(config: Config): Promise<number> {
  const orm = await openDatabase(config);
  try {
    const rows = await loanActivityLinks(orm.em.fork());
    process.stdout.write('loan\tactivity\treason\tby\tat\n');
    for (const r of rows) process.stdout.write(`${r.loan}\t${r.activity}\t${r.reason}\t${r.by}\t${new Date(r.at).toISOString()}\n`);
    return 0;
  } finally {
    await orm.close();
  }
}
