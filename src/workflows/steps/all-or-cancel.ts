import { CancellationScope } from '@temporalio/workflow';

/**
 * Runs tasks concurrently in their own cancellation scope. The first failure cancels the others
 * (their activities and timers are cancelled in Temporal); once every task has settled, that first
 * failure is thrown, so no branch is still running when the step reports its outcome.
 */
export async function allOrCancel<T>(tasks: (() => Promise<T>)[]): Promise<T[]> {
  const scope = new CancellationScope();
  let failure: { error: unknown } | undefined;
  const settled = await scope.run(() =>
    Promise.allSettled(
      tasks.map(async (task) => {
        try {
          return await task();
        } catch (error) {
          if (!failure) {
            failure = { error };
            scope.cancel();
          }
          throw error;
        }
      }),
    ),
  );
  if (failure) throw failure.error;
  return settled.map((result) => (result as PromiseFulfilledResult<T>).value);
}
