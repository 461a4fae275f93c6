// The child side of a memory-probed process: answers the parent's questions over the IPC channel.
// Memory is read inside the process after a forced major GC of the main isolate, so garbage the
// collector simply has not reached yet is not counted as growth.

export interface MemorySample {
  rssMiB: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
  /** Process-specific counters (runs parked, cache size...). */
  counters: Record<string, number>;
}

export type ProbeRequest =
  | { type: 'measure'; id: number }
  | { type: 'counters'; id: number }
  | { type: 'stop' };
export type ProbeReply =
  | { type: 'ready' }
  | { type: 'measured'; id: number; sample: MemorySample }
  | { type: 'counted'; id: number; counters: Record<string, number> };

const MiB = 2 ** 20;

export function serveProbe(counters: () => Record<string, number>, stop: () => Promise<void>): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('start the probed process with --expose-gc');
  const send = (reply: ProbeReply) => process.send?.(reply);
  process.on('message', (message: ProbeRequest) => {
    if (message.type === 'stop') {
      void stop().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    } else if (message.type === 'counters') {
      send({ type: 'counted', id: message.id, counters: counters() });
    } else {
      gc();
      // A second pass after the finalizers the first one queued have run.
      setTimeout(() => {
        gc();
        const usage = process.memoryUsage();
        send({
          type: 'measured',
          id: message.id,
          sample: {
            rssMiB: usage.rss / MiB,
            heapUsedMiB: usage.heapUsed / MiB,
            heapTotalMiB: usage.heapTotal / MiB,
            externalMiB: usage.external / MiB,
            counters: counters(),
          },
        });
      }, 200);
    }
  });
  send({ type: 'ready' });
}
