import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_PROBLEM_CODES,
  APP_WIDE_PROBLEM_CODES,
  isProblemCode,
  statusesOf,
} from '../../src/lib/problem-codes.js';
import { createTestApp, type TestApp } from '../harness/app.js';

/** The parts of an OpenAPI document these checks read. */
interface Spec {
  paths: Record<string, Record<string, { responses?: Record<string, unknown>; 'x-problem-codes'?: unknown }>>;
}

/** Each check returns its findings, one line per problem; an empty list means the document passes. */
type Check = (spec: Spec) => string[];

function eachOperation(spec: Spec) {
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
  );
}

function listedCodes(op: Spec['paths'][string][string]): string[] {
  const codes = op['x-problem-codes'];
  return Array.isArray(codes) ? codes.map(String) : [];
}

const everyOperationListsCodes: Check = (spec) =>
  eachOperation(spec)
    .filter(({ op }) => !Array.isArray(op['x-problem-codes']))
    .map(({ key }) => `${key}: no x-problem-codes array`);

const everyListedCodeIsCatalogued: Check = (spec) =>
  eachOperation(spec).flatMap(({ key, op }) =>
    listedCodes(op)
      .filter((code) => !isProblemCode(code))
      .map((code) => `${key}: ${code} is not in the catalogue`),
  );

/** A code with a documented exception (quota_exceeded's 409) passes when any of its statuses is documented. */
const everyListedCodeHasItsStatus: Check = (spec) =>
  eachOperation(spec).flatMap(({ key, op }) => {
    const documented = new Set(Object.keys(op.responses ?? {}));
    return listedCodes(op)
      .filter(isProblemCode)
      .filter((code) => !statusesOf(code).some((status) => documented.has(String(status))))
      .map((code) => `${key}: ${code} (${statusesOf(code).join(' or ')}) has no documented response`);
  });

const everyCataloguedCodeIsUsed: Check = (spec) => {
  const used = new Set<string>([
    ...APP_WIDE_PROBLEM_CODES,
    ...eachOperation(spec).flatMap(({ op }) => listedCodes(op)),
  ]);
  return ALL_PROBLEM_CODES.filter((code) => !used.has(code)).map(
    (code) => `${code} is listed by no operation and is not app-wide`,
  );
};

const CHECKS: [string, Check][] = [
  ['gives every operation an x-problem-codes array', everyOperationListsCodes],
  ['lists only catalogued codes', everyListedCodeIsCatalogued],
  ["documents each listed code's status on its operation", everyListedCodeHasItsStatus],
  ['has no catalogue code that nothing answers', everyCataloguedCodeIsUsed],
];

let t: TestApp;
let spec: Spec;
beforeAll(async () => {
  t = await createTestApp();
  spec = (await (await t.app.request('/openapi.json')).json()) as Spec;
});
afterAll(() => t?.close());

describe('problem codes in /openapi.json', () => {
  for (const [name, check] of CHECKS) {
    it(name, () => {
      expect(check(spec)).toEqual([]);
    });
  }
});

/** Each check must be able to fail: it is run on a copy of the document broken the way it guards against. */
describe('problem-code checks catch a broken document', () => {
  function firstOperation(copy: Spec) {
    const [path, item] = Object.entries(copy.paths).find(([, i]) => Object.keys(i).length > 0) ?? [];
    const method = Object.keys(item ?? {})[0];
    if (!path || !item || !method) throw new Error('the document has no operations');
    const op = item[method];
    if (!op) throw new Error('unreachable');
    return { key: `${method.toUpperCase()} ${path}`, op };
  }
  const broken = () => structuredClone(spec);

  it('an operation without x-problem-codes', () => {
    const copy = broken();
    const { key, op } = firstOperation(copy);
    delete op['x-problem-codes'];
    expect(everyOperationListsCodes(copy)).toEqual([`${key}: no x-problem-codes array`]);
  });

  it('an uncatalogued code', () => {
    const copy = broken();
    const { key, op } = firstOperation(copy);
    op['x-problem-codes'] = [...listedCodes(op), 'made_up_code'];
    expect(everyListedCodeIsCatalogued(copy)).toEqual([`${key}: made_up_code is not in the catalogue`]);
  });

  it('a code whose status the operation does not document', () => {
    const copy = broken();
    const { key, op } = firstOperation(copy);
    op['x-problem-codes'] = [...listedCodes(op), 'upgrade_required'];
    op.responses = Object.fromEntries(Object.entries(op.responses ?? {}).filter(([s]) => s !== '426'));
    expect(everyListedCodeHasItsStatus(copy)).toEqual([
      `${key}: upgrade_required (426) has no documented response`,
    ]);
  });

  it('a catalogue code that no operation lists', () => {
    const copy = broken();
    for (const { op } of eachOperation(copy)) {
      op['x-problem-codes'] = listedCodes(op).filter((code) => code !== 'email_taken');
    }
    expect(everyCataloguedCodeIsUsed(copy)).toEqual([
      'email_taken is listed by no operation and is not app-wide',
    ]);
  });
});
