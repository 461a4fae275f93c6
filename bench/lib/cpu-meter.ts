// CPU time spent by each process of the stack over a load, read from /proc (Linux). On this 2-core
// machine a closed-loop throughput figure is bounded by the CPU that one run costs across all the
// processes that serve it, so the benchmark reports that cost beside the rate: it says which
// process a missing run per second went to.
import { readdirSync, readFileSync } from 'node:fs';

/** A process (with its children) whose CPU time is counted, or this process itself. */
export interface CpuProbe {
  name: string;
  /** CPU time used so far, user + system, in milliseconds. */
  readMs(): number;
}

export interface CpuUsage {
  /** Milliseconds of CPU each probe used during the measured call. */
  byProbe: Record<string, number>;
  /** Fraction of the machine's CPU time that was busy (all processes), 0..1. */
  machineBusy: number;
  wallMs: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux (getconf CLK_TCK)

/** This process, every thread included (the API, the worker's threads, the embedded database). */
export const selfProbe = (name: string): CpuProbe => ({
  name,
  readMs: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
});

/**
 * A process and its children: their own time, plus what the kernel already added to the parent
 * for children that exited (PostgreSQL forks a backend per connection).
 */
export const processTreeProbe = (name: string, pid: () => number): CpuProbe => ({
  name,
  readMs: () => {
    const root = pid();
    const parentOf = new Map<number, number>();
    const ticks = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = readStat(Number(entry));
      if (!stat) continue;
      parentOf.set(stat.pid, stat.ppid);
      ticks.set(stat.pid, stat.ownTicks + (stat.pid === root ? stat.reapedChildTicks : 0));
    }
    let total = 0;
    for (const [pid, own] of ticks) if (descendsFrom(pid, root, parentOf)) total += own;
    return total * TICK_MS;
  },
});

/** Runs `call` and reports what each probe spent meanwhile. */
export async function measureCpu<T>(
  probes: readonly CpuProbe[],
  call: () => Promise<T>,
): Promise<{ result: T; cpu: CpuUsage }> {
  const before = probes.map((probe) => probe.readMs());
  const machineBefore = machineTicks();
  const started = performance.now();
  const result = await call();
  const wallMs = performance.now() - started;
  const machineAfter = machineTicks();
  const byProbe: Record<string, number> = {};
  probes.forEach((probe, index) => {
    byProbe[probe.name] = probe.readMs() - (before[index] as number);
  });
  const total = machineAfter.total - machineBefore.total;
  const machineBusy = total > 0 ? (machineAfter.busy - machineBefore.busy) / total : 0;
  return { result, cpu: { byProbe, machineBusy, wallMs } };
}

interface ProcStat {
  pid: number;
  ppid: number;
  ownTicks: number;
  reapedChildTicks: number;
}

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited while we listed /proc
  }
  // The command name (field 2) may hold spaces and parentheses: split after its closing one.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // Fields from the state (3): ppid 4, utime 14, stime 15, cutime 16, cstime 17.
  const field = (n: number) => Number(fields[n - 3]);
  return {
    pid,
    ppid: field(4),
    ownTicks: field(14) + field(15),
    reapedChildTicks: field(16) + field(17),
  };
}

function descendsFrom(pid: number, root: number, parentOf: Map<number, number>): boolean {
  for (let current: number | undefined = pid, hops = 0; current && hops < 64; hops += 1) {
    if (current === root) return true;
    current = parentOf.get(current);
  }
  return false;
}

/** Busy and total ticks of the whole machine, from the first line of /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, v) => sum + v, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}
