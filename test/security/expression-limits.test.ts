import { describe, expect, it } from 'vitest';
import { ExpressionLimitError, evaluate } from '../../src/workflows/expressions/evaluate.js';
import { expressionsIn, render } from '../../src/workflows/expressions/template.js';

/**
 * Hostile expressions meet a named bound, quickly, without taking the process with them; ordinary
 * ones (including JSONata's own range and regex semantics) are untouched.
 */
async function limitOf(expression: string, scope: Record<string, unknown> = {}): Promise<string> {
  const error = await evaluate(expression, scope).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ExpressionLimitError);
  return (error as ExpressionLimitError).limit;
}

describe('expression bounds', () => {
  it('keeps ordinary expressions and range semantics', async () => {
    expect(await evaluate('[1..5]', {})).toEqual([1, 2, 3, 4, 5]);
    expect(await evaluate('$sum([1..100])', {})).toBe(5050);
    expect(await evaluate('[3..1]', {})).toEqual([]);
    expect(await evaluate('$count([1..3].([1..2]))', {})).toBe(6);
    expect(await evaluate('[1..2, 5..6]', {})).toEqual([1, 2, 5, 6]);
    expect(
      await evaluate('input.items[price > 2].name', { input: { items: [{ name: 'a', price: 3 }] } }),
    ).toBe('a');
    await expect(evaluate('[1.5..3]', {})).rejects.toThrow(/T2003|integer/);
  });

  it('matches regexes with the linear engine, flags included', async () => {
    expect(await evaluate('$match("a1b22", /[0-9]+/).match', {})).toEqual(['1', '22']);
    expect(await evaluate('$contains("HELLO", /hello/i)', {})).toBe(true);
    expect(await evaluate('$replace("a-b-c", /-/, "+")', {})).toBe('a+b+c');
    // Catastrophic backtracking on a backtracking engine; linear here.
    expect(await evaluate(`$contains("${'a'.repeat(5000)}!", /^(a+)+$/)`, {})).toBe(false);
  });

  it('stops unbounded recursion by steps or depth', async () => {
    expect(await limitOf('($f := function($n){ $f($n + 1) }; $f(0))')).toMatch(/steps|depth/);
    expect(await limitOf('($f := function($n){ 1 + $f($n + 1) }; $f(0))')).toBe('depth');
  });

  it('stops a loop that never recurses deeply by steps', async () => {
    expect(
      await limitOf(
        '$reduce([1..99999], function($a, $b){ $a + $b })  + $reduce([1..99999], function($a, $b){ $a + $b }) + $reduce([1..99999], function($a, $b){ $a + $b })',
      ),
    ).toBe('steps');
  });

  it('refuses a sequence longer than the bound', async () => {
    expect(await limitOf('[1..10000000]')).toBe('sequence');
    expect(await limitOf('$count([1..200000])')).toBe('sequence');
  });

  it('bounds nested ranges by their total size', async () => {
    expect(await limitOf('$count([1..100000].([1..100000]))')).toMatch(/size|steps/);
    expect(await limitOf('$count([1..20].([1..100000]))')).toBe('size');
  });

  it('bounds string doubling and large results', async () => {
    expect(
      await limitOf('($d := function($s, $n){ $n = 0 ? $s : $d($s & $s, $n - 1) }; $d("xxxxxxxx", 40))'),
    ).toMatch(/size|result/);
    expect(await limitOf('$pad("", 3000000, "x")')).toBe('result');
  });

  it('counts each evaluation afresh', async () => {
    const expression = '$sum([1..90000])';
    for (let round = 0; round < 20; round += 1) expect(await evaluate(expression, {})).toBe(4050045000);
  });
});

describe('template scanning', () => {
  it('renders whole and embedded expressions as before', async () => {
    const scope = { input: { n: 2 } };
    expect(await render('{{ input.n * 2 }}', scope)).toBe(4);
    expect(await render('{{ {"a": input.n}}}', scope)).toEqual({ a: 2 });
    expect(await render('n={{ input.n }}, m={{ input.n + 1 }}!', scope)).toBe('n=2, m=3!');
    expect(await render('open {{ without close', scope)).toBe('open {{ without close');
    expect(expressionsIn({ a: ['x {{ 1 }} y {{ 2 }}'] })).toEqual(['1', '2']);
  });

  it('scans text full of openers without a closer in linear time', async () => {
    // A lazy regex retried from every `{{` here: quadratic, minutes for this size.
    const hostile = '{{'.repeat(200_000);
    expect(await render(hostile, {})).toBe(hostile);
    expect(expressionsIn(hostile)).toEqual([]);
  });
});
