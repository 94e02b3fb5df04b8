import { chooseAuthority } from '../../aid/load/index.js';
import type { Config } from '../../config.js';
import { openDatabase } from '../database.js';

/**
 * An administrator's choice of which publisher's report of an activity the hub shows, kept until
 * cleared (re-imports do not undo it). `reportingOrg` is the publisher's IATI org identifier.
 */
export async function setAuthority(
  config: Config,
  identifier: string,
  reportingOrg: string | null,
  reason: string,
  by: string,
): Promise<number> {
  const orm = await openDatabase(config);
  try {
    const outcome = await orm.em
      .fork()
      .transactional((em) => chooseAuthority(em, { iatiIdentifier: identifier, reportingOrgKey: reportingOrg, reason, setBy: by }));
    if (outcome.kind === 'no-activity') {
      process.stderr.write(`no activity ${identifier} in the hub\n`);
      return 1;
    }
    if (outcome.kind === 'no-such-report') {
      process.stderr.write(`${identifier} has no report by ${reportingOrg}; it has reports by: ${outcome.reporters.join(', ')}\n`);
      return 1;
    }
    process.stdout.write(
      outcome.kind === 'cleared'
        ? `${identifier}: override cleared\n`
        : `${identifier}: the report by ${reportingOrg} is now authoritative\n`,
    );
    return 0;
  } finally {
    await orm.close();
  }
}
