import jsonata from 'jsonata';
import { EXPRESSION_LIMITS } from './limits.js';
import { Re2RegExp } from './re2-regexp.js';

/**
 * JSONata, evaluated against `{ input, vars, steps, execution }`. Deterministic inside a workflow:
 * the sandbox fixes `Date` to the workflow task time and seeds `Math.random`, which is all
 * JSONata's `$now()`, `$millis()` and `$random()` use. No JavaScript from users ever runs, and every
 * evaluation is bounded (see limits.ts).
 */
export type Scope = Record<string, unknown>;

export class ExpressionError extends Error {
  constructor(
    readonly expression: string,
    /** What went wrong, without the expression (which `message` quotes). */
    readonly detail: string,
  ) {
    super(`Expression ${JSON.stringify(expression.slice(0, 200))}: ${detail}`);
    this.name = 'ExpressionError';
  }
}

/** An expression stopped at one of its bounds; `limit` names which. */
export class ExpressionLimitError extends ExpressionError {
  constructor(
    expression: string,
    readonly limit: 'steps' | 'depth' | 'sequence' | 'size' | 'result' | 'time',
    message: string,
  ) {
    super(expression, message);
    this.name = 'ExpressionLimitError';
  }
}

export interface EvaluateOptions {
  /** Wall-clock bound in ms; only for callers outside workflows, where the clock moves. */
  deadlineMs?: number;
  /** A lower step bound than EXPRESSION_LIMITS.steps, for a first, cheap attempt. */
  stepLimit?: number;
}

/** Evaluates one expression against a scope; what templates and steps are given to call. */
export type Evaluator = (expression: string, scope: Scope) => Promise<unknown>;

/**
 * One compiled expression and the counters of the evaluation it is running. JSONata calls its
 * `guardrails` on every evaluation step, synchronously, and that reads `options.timeout`: the
 * getter below counts the step there, so bounding adds no promise and no microtask turn (which
 * would reorder concurrent branches' commands and break replay). A compiled expression runs one
 * evaluation at a time; concurrent evaluations of the same text take separate instances.
 */
interface Instance {
  expr: ReturnType<typeof jsonata>;
  busy: boolean;
  steps: number;
  stepLimit: number;
  /** Items the evaluation's ranges have allocated so far. */
  rangeItems: number;
  timeoutMs: number;
}

/** Thrown from inside JSONata's step check; recognised by identity on the way out. */
const STEP_LIMIT = { code: 'CONVEYOR_STEP_LIMIT' };
const RANGE_LIMIT_CODE = 'CONVEYOR_RANGE_LIMIT';

function compileInstance(expression: string): Instance {
  const instance: Instance = {
    expr: undefined as never,
    busy: false,
    steps: 0,
    stepLimit: EXPRESSION_LIMITS.steps,
    rangeItems: 0,
    timeoutMs: 0,
  };
  const options = {
    stack: EXPRESSION_LIMITS.depth,
    sequence: EXPRESSION_LIMITS.sequence,
    RegexEngine: Re2RegExp as unknown as RegExpConstructor,
    get timeout(): number {
      instance.steps += 1;
      if (instance.steps > instance.stepLimit) throw STEP_LIMIT;
      return instance.timeoutMs;
    },
  };
  try {
    // jsonata's options type lists only `recover` and `RegexEngine`; the others are read at run time.
    instance.expr = jsonata(expression, options as unknown as Parameters<typeof jsonata>[1]);
  } catch (error) {
    throw new ExpressionError(expression, (error as { message?: string }).message ?? String(error));
  }
  routeRangesThroughBudget(instance);
  return instance;
}

/** The variable the rewritten range nodes call; `$` names cannot clash with JSONata's own. */
const RANGE_FUNCTION = '__conveyorRange';

/**
 * A range is one evaluation step however many items it allocates, so `[1..100000].([1..100000])`
 * would exhaust memory long before the step bound. Every `a..b` node in the compiled tree becomes a
 * call to a native function with JSONata's own range semantics that also charges its size to the
 * evaluation's item budget.
 */
function routeRangesThroughBudget(instance: Instance): void {
  const pending: unknown[] = [instance.expr.ast()];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    const record = node as Record<string, unknown>;
    if (record.type === 'binary' && record.value === '..') {
      const { lhs, rhs } = record;
      delete record.lhs;
      delete record.rhs;
      Object.assign(record, {
        type: 'function',
        value: '(',
        procedure: { type: 'variable', value: RANGE_FUNCTION, position: record.position },
        arguments: [lhs, rhs],
      });
    }
    for (const child of Object.values(record)) pending.push(child);
  }
  instance.expr.registerFunction(RANGE_FUNCTION, (lhs: unknown, rhs: unknown) =>
    budgetedRange(instance, lhs, rhs),
  );
}

/** JSONata's range (errors T2003/T2004/D2014, `undefined` for an empty range), plus the budget. */
function budgetedRange(instance: Instance, lhs: unknown, rhs: unknown): number[] | undefined {
  if (lhs !== undefined && !Number.isInteger(lhs)) throw { code: 'T2003', value: lhs };
  if (rhs !== undefined && !Number.isInteger(rhs)) throw { code: 'T2004', value: rhs };
  if (lhs === undefined || rhs === undefined) return undefined;
  const from = lhs as number;
  const to = rhs as number;
  if (from > to) return undefined;
  const size = to - from + 1;
  if (size > EXPRESSION_LIMITS.sequence) throw { code: 'D2015', value: size };
  instance.rangeItems += size;
  if (instance.rangeItems > EXPRESSION_LIMITS.rangeItems) throw { code: RANGE_LIMIT_CODE, value: size };
  const items: number[] & { sequence?: boolean } = new Array(size);
  for (let index = 0; index < size; index += 1) items[index] = from + index;
  // JSONata flattens a range into its surrounding sequence by this flag, as it does its own.
  items.sequence = true;
  return items;
}

const compiled = new Map<string, Instance[]>();
let compiledCount = 0;

function acquire(expression: string): Instance {
  let instances = compiled.get(expression);
  const idle = instances?.find((instance) => !instance.busy);
  if (idle) return idle;
  const instance = compileInstance(expression);
  // Bounded: definitions are finite, but a long-lived worker sees many of them.
  if (compiledCount > 5000) {
    compiled.clear();
    compiledCount = 0;
  }
  if (!instances) {
    instances = [];
    compiled.set(expression, instances);
  }
  instances.push(instance);
  compiledCount += 1;
  return instance;
}

/** Throws ExpressionError with JSONata's message for a syntax error; used to validate definitions. */
export function checkExpression(expression: string): void {
  acquire(expression);
}

export async function evaluate(
  expression: string,
  scope: Scope,
  options: EvaluateOptions = {},
): Promise<unknown> {
  const instance = acquire(expression);
  instance.busy = true;
  instance.steps = 0;
  instance.stepLimit = Math.min(options.stepLimit ?? EXPRESSION_LIMITS.steps, EXPRESSION_LIMITS.steps);
  instance.rangeItems = 0;
  instance.timeoutMs = options.deadlineMs ?? 0;
  try {
    const value = await instance.expr.evaluate(scope);
    return normalize(expression, value);
  } catch (error) {
    throw toExpressionError(expression, error, instance.stepLimit);
  } finally {
    instance.busy = false;
  }
}

/** JSONata's codes for its own guardrails, and ours. */
const LIMIT_CODES: Record<string, ExpressionLimitError['limit']> = {
  CONVEYOR_STEP_LIMIT: 'steps',
  CONVEYOR_RANGE_LIMIT: 'size',
  D1011: 'depth',
  D1012: 'time',
  D2014: 'sequence',
  D2015: 'sequence',
};

function toExpressionError(expression: string, error: unknown, stepLimit: number): ExpressionError {
  if (error instanceof ExpressionError) return error;
  if (error === STEP_LIMIT) {
    return new ExpressionLimitError(expression, 'steps', `expression exceeded ${stepLimit} evaluation steps`);
  }
  const { code, message } = error as { code?: string; message?: string };
  const limit = code === undefined ? undefined : LIMIT_CODES[code];
  if (limit) return new ExpressionLimitError(expression, limit, limitMessage(limit, message));
  // V8's own ceilings: a string past its maximum length, or a native stack overflow that JSONata's
  // depth bound did not catch first.
  if (error instanceof RangeError) {
    const limit = /string length/i.test(error.message) ? 'size' : 'depth';
    return new ExpressionLimitError(expression, limit, error.message);
  }
  return new ExpressionError(expression, message ?? String(error));
}

function limitMessage(limit: ExpressionLimitError['limit'], jsonataMessage: string | undefined): string {
  switch (limit) {
    case 'depth':
      return `expression exceeded the nesting depth of ${EXPRESSION_LIMITS.depth}`;
    case 'sequence':
      return `expression built a sequence longer than ${EXPRESSION_LIMITS.sequence} items`;
    case 'size':
      return `expression's ranges allocated more than ${EXPRESSION_LIMITS.rangeItems} items`;
    default:
      return jsonataMessage ?? `expression exceeded its ${limit} limit`;
  }
}

/** JSONata returns `undefined` for no match and tags arrays with extra properties; make plain JSON. */
function normalize(expression: string, value: unknown): unknown {
  if (value === undefined) return null;
  // A function value has no JSON: JSON.parse below fails, as it always has, with an expression error.
  const json = JSON.stringify(value) as string | undefined;
  if (json !== undefined && json.length > EXPRESSION_LIMITS.resultChars) {
    throw new ExpressionLimitError(
      expression,
      'result',
      `expression result of ${json.length} characters exceeds ${EXPRESSION_LIMITS.resultChars}`,
    );
  }
  return JSON.parse(json as string) as unknown;
}
