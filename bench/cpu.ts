import { readFileSync } from 'node:fs';
import type { EntityManager } from '../src/db/orm.js';

/** Linux's USER_HZ, the unit of /proc/<pid>/stat's times (100 on every Linux the bench runs on). */
const TICKS_PER_SECOND = 100;

/** User + system CPU of a process of this machine, in seconds (utime and stime are fields 14 and 15). */
export function processCpu(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * Runs `work` in one transaction and returns the CPU it cost this process and its database backend
 * (PostgreSQL on this machine), and the wall clock: under other engineers' load, CPU is the measure.
 */
export async function cpuSeconds(em: EntityManager, work: (tx: EntityManager) => Promise<void>): Promise<{ cpu: number; wall: number }> {
  return em.transactional(async (tx) => {
    const [backend] = await tx.execute<{ pid: number }[]>('select pg_backend_pid() as pid');
    const pid = backend?.pid ?? 0;
    const started = { wall: performance.now(), own: process.cpuUsage(), backend: processCpu(pid) };
    await work(tx);
    const own = process.cpuUsage(started.own);
    return {
      cpu: (own.user + own.system) / 1e6 + processCpu(pid) - started.backend,
      wall: (performance.now() - started.wall) / 1000,
    };
  });
}
