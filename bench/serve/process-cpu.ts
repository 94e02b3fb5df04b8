import { readFileSync } from 'node:fs';

/**
 * CPU time another process has used, from /proc/<pid>/stat (Linux): its user and system time in
 * clock ticks (USER_HZ, 100 a second on Linux). Coarse (10 ms), so read around blocks of many
 * requests, not one. Null where there is no /proc.
 */
const TICKS_PER_SECOND = 100;

export function processCpuMs(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  return Number.isFinite(user) && Number.isFinite(system) ? ((user + system) * 1000) / TICKS_PER_SECOND : null;
}

function totalCpuMs(pids: readonly number[]): number | null {
  let sum = 0;
  for (const pid of pids) {
    const ms = processCpuMs(pid);
    if (ms === null) return null;
    sum += ms;
  }
  return sum;
}

/** The CPU ms the processes used together per call of `work`, over `calls` calls one after the other. */
export async function cpuPerCall(pids: readonly number[], calls: number, work: () => Promise<unknown>): Promise<number | null> {
  const before = totalCpuMs(pids);
  for (let call = 0; call < calls; call += 1) await work();
  const after = totalCpuMs(pids);
  return before === null || after === null ? null : (after - before) / calls;
}
