import { processCpu } from '../cpu.js';

/**
 * The CPU ms the processes (other processes of this machine: /proc, Linux) used together per call
 * of `work`, over `calls` calls one after the other. /proc counts in ticks of 10 ms, so read around
 * blocks of many requests, not one. Null where there is no /proc.
 */
function totalCpuMs(pids: readonly number[]): number | null {
  try {
    return pids.reduce((sum, pid) => sum + processCpu(pid) * 1000, 0);
  } catch {
    return null;
  }
}

export async function cpuPerCall(pids: readonly number[], calls: number, work: () => Promise<unknown>): Promise<number | null> {
  const before = totalCpuMs(pids);
  for (let call = 0; call < calls; call += 1) await work();
  const after = totalCpuMs(pids);
  return before === null || after === null ? null : (after - before) / calls;
}
