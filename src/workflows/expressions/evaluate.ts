import jsonata from 'jsonata';

/**
 * JSONata, evaluated against `{ input, vars, steps, execution }`. Deterministic inside a workflow:
 * the sandbox fixes `Date` to the workflow task time and seeds `Math.random`, which is all
 * JSONata's `$now()`, `$millis()` and `$random()` use. No JavaScript from users ever runs.
 */
export type Scope = Record<string, unknown>;

export class ExpressionError extends Error {
  constructor(
    readonly expression: string,
    message: string,
  ) {
    super(`Expression ${JSON.stringify(expression.slice(0, 200))}: ${message}`);
    this.name = 'ExpressionError';
  }
}

const compiled = new Map<string, ReturnType<typeof jsonata>>();

function compile(expression: string): ReturnType<typeof jsonata> {
  let expr = compiled.get(expression);
  if (!expr) {
    try {
      expr = jsonata(expression);
    } catch (error) {
      throw new ExpressionError(expression, (error as { message?: string }).message ?? String(error));
    }
    // Bounded: definitions are finite, but a long-lived worker sees many of them.
    if (compiled.size > 5000) compiled.clear();
    compiled.set(expression, expr);
  }
  return expr;
}

/** Throws ExpressionError with JSONata's message for a syntax error; used to validate definitions. */
export function checkExpression(expression: string): void {
  compile(expression);
}

export async function evaluate(expression: string, scope: Scope): Promise<unknown> {
  try {
    const value = await compile(expression).evaluate(scope);
    return normalize(value);
  } catch (error) {
    if (error instanceof ExpressionError) throw error;
    throw new ExpressionError(expression, (error as { message?: string }).message ?? String(error));
  }
}

/** JSONata returns `undefined` for no match and tags arrays with extra properties; make plain JSON. */
function normalize(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}
