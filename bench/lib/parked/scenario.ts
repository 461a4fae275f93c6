// Small pieces both parked-run workers' scenarios use.

/** The one-step approval workflow the parked runs wait in; its starter may approve (the bench user). */
export function conveyorParkedDefinition(approverUserId: string) {
  return {
    steps: [
      {
        id: 'approve',
        type: 'approval',
        config: {
          message: 'Ship it?',
          approvers: { users: [approverUserId] },
          allow_self_approval: true,
        },
      },
    ],
  };
}

/** Runs `task(i)` for i in [0, n) with at most `concurrency` at once; results in index order. */
export async function runPool<T>(
  n: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(n);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < n; i = next++) results[i] = await task(i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
  return results;
}

/** Polls `done` every second; `progress` every 15 s so a long wait shows it is moving. */
export async function waitUntil(
  done: () => Promise<boolean>,
  timeoutMs: number,
  progress?: () => Promise<void>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProgress = Date.now();
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    if (progress && Date.now() - lastProgress > 15_000) {
      lastProgress = Date.now();
      await progress();
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
