import { readdirSync, readFileSync } from 'node:fs';
import type { RunningProcess } from '../../harness/processes.js';

/** Child pids of `pid` (every thread's children), read from /proc. */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/**
 * kill -9 of an entry point and everything under it. tsx runs the entry in a child process, and a
 * SIGKILL to tsx alone would leave that child running: a crash must take the real process down.
 * Children are collected before anything dies, so none is re-parented and missed.
 */
export async function killTree(running: RunningProcess): Promise<void> {
  const root = running.child.pid;
  if (!root || running.child.exitCode !== null || running.child.signalCode !== null) return;
  const pids: number[] = [];
  const collect = (pid: number) => {
    pids.push(pid);
    for (const child of childrenOf(pid)) collect(child);
  };
  collect(root);
  for (const pid of pids.reverse()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await running.exited;
}

/**
 * SIGTERM to the process that runs the entry point, as a supervisor signalling `node --import tsx
 * src/worker.ts` would. Not via the tsx CLI: tsx relays a signal only if its child acknowledges it
 * within 30 ms and otherwise SIGKILLs the child, which on a loaded machine turns a graceful stop
 * into a crash (exit 143) that tests nothing of ours.
 */
export async function terminateGracefully(running: RunningProcess): Promise<number | null> {
  const root = running.child.pid;
  if (!root || running.child.exitCode !== null || running.child.signalCode !== null) return running.exited;
  const [entry] = childrenOf(root);
  process.kill(entry ?? root, 'SIGTERM');
  return running.exited;
}
