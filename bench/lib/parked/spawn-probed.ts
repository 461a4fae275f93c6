// The parent side: spawns a TypeScript entry as its own Node process (so its memory is its own,
// not the benchmark's) and asks it for memory samples and counters over IPC.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { median } from '../stats.js';
import type { MemorySample, ProbeReply, ProbeRequest } from './probe.js';

export interface ProbedProcess {
  pid: number;
  /** `samples` measurements `gapMs` apart; the median of each figure. */
  measure(samples?: number, gapMs?: number): Promise<MemorySample>;
  counters(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export async function spawnProbed(entry: string, spec: unknown): Promise<ProbedProcess> {
  // Plain node with tsx's loader, not the tsx CLI: the CLI would put a second process between
  // us and the one whose memory we read.
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', entry], {
    env: { ...process.env, PROBED_SPEC: JSON.stringify(spec) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await waitFor(child, (reply) => reply.type === 'ready', 120_000);
  let next = 0;
  const ask = async <T extends ProbeReply>(type: 'measure' | 'counters'): Promise<T> => {
    const id = ++next;
    const answer = waitFor(child, (reply) => 'id' in reply && reply.id === id, 60_000);
    child.send({ type, id } satisfies ProbeRequest);
    return (await answer) as T;
  };
  const measureOnce = async () => (await ask<Extract<ProbeReply, { type: 'measured' }>>('measure')).sample;
  return {
    pid: child.pid as number,
    async measure(samples = 3, gapMs = 1000) {
      const taken: MemorySample[] = [];
      for (let i = 0; i < samples; i++) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
        taken.push(await measureOnce());
      }
      const mid = (pick: (s: MemorySample) => number) => median(taken.map(pick));
      return {
        rssMiB: mid((s) => s.rssMiB),
        heapUsedMiB: mid((s) => s.heapUsedMiB),
        heapTotalMiB: mid((s) => s.heapTotalMiB),
        externalMiB: mid((s) => s.externalMiB),
        counters: taken.at(-1)?.counters ?? {},
      };
    },
    async counters() {
      return (await ask<Extract<ProbeReply, { type: 'counted' }>>('counters')).counters;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' } satisfies ProbeRequest);
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function waitFor(child: ChildProcess, match: (reply: ProbeReply) => boolean, timeoutMs: number) {
  return new Promise<ProbeReply>((resolve, reject) => {
    const onMessage = (reply: ProbeReply) => {
      if (!match(reply)) return;
      cleanup();
      resolve(reply);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`probed process exited with ${code}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error('probed process did not answer in time'));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The SDK's sticky cache size from the worker's Prometheus endpoint (NaN when not exported). */
export async function stickyCacheSize(metricsPort: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('temporal_sticky_cache_size'));
  return line ? Number(line.trim().split(/\s+/).at(-1)) : Number.NaN;
}
