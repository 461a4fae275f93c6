/**
 * The bounds every user expression is evaluated within, wherever it runs. Inside a workflow they are
 * counted (evaluation steps, depth, sequence length, result size), never timed: `Date.now()` is
 * frozen during a workflow activation, and a clock-based limit could decide differently on replay.
 * Callers outside workflows (the API thread, the worker's main thread) add a wall-clock deadline.
 *
 * The figures leave realistic expressions far below them (mapping tens of thousands of items) and
 * stop a hostile one in well under a second outside the sandbox. Inside it, an expression gets
 * `workflowSteps` before it moves to a local activity (interpreter/bounded-evaluator.ts).
 */
export const EXPRESSION_LIMITS = {
  /** JSONata evaluation steps (one per node evaluated) in one evaluation. */
  steps: 250_000,
  /**
   * Steps an expression may take inside the workflow sandbox before it moves to a local activity.
   * There every promise costs a captured, source-mapped stack trace (the SDK's promise hook behind
   * the stack-trace query): a step costs ~100 µs instead of ~1 µs, and 25,000 of them took ~4 s,
   * close to the 5 s deadlock detector. Templates and conditions take tens of steps.
   */
  workflowSteps: 2_000,
  /**
   * Nested evaluation depth. Deep enough for any definition; low enough that a recursing function
   * fails with EXPRESSION_LIMIT long before it exhausts the native stack, which aborts the process.
   */
  depth: 300,
  /** Items in any one sequence, range or array an expression builds. */
  sequence: 100_000,
  /** Items all the ranges (`a..b`) of one evaluation may allocate together. */
  rangeItems: 1_000_000,
  /** Characters of the result as JSON. */
  resultChars: 2 * 1024 * 1024,
} as const;

/** Wall-clock bound for evaluations outside workflows, in milliseconds. */
export const EXPRESSION_DEADLINE_MS = 1_000;
