import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../../../lib/errors.js';
import { isUnsafeText } from '../../../lib/storable-text.js';
import type { AppEnv } from '../../env.js';
import { findUnsafeJson, MAX_JSON_DEPTH, type UnsafeFinding } from './find-unsafe-text.js';

/**
 * Refuses, once for every /api route, text that cannot be stored: a NUL or a lone surrogate in the
 * path, the query or a JSON body, and JSON nested deeper than MAX_JSON_DEPTH. Answers 400
 * `invalid_text` (or `too_deep`) naming where, instead of a database error surfacing as a 500.
 * The body is parsed here once; Hono caches it for the route's own validator. A body that is not
 * JSON passes on, for that validator to refuse.
 */
export const refuseUnsafeText: MiddlewareHandler<AppEnv> = async (c, next) => {
  const finding = inPath(c.req.path) ?? inQuery(c.req.queries()) ?? (await inBody(c));
  if (finding) throw toProblem(finding);
  await next();
};

function inPath(rawPath: string): UnsafeFinding | null {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'text', path: 'path' };
  }
  return isUnsafeText(path) ? { kind: 'text', path: 'path' } : null;
}

function inQuery(queries: Record<string, string[]>): UnsafeFinding | null {
  for (const [name, values] of Object.entries(queries)) {
    if (isUnsafeText(name) || values.some(isUnsafeText)) return { kind: 'text', path: `query.${name}` };
  }
  return null;
}

async function inBody(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<UnsafeFinding | null> {
  const method = c.req.method;
  if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH') return null;
  if (!c.req.header('content-type')?.toLowerCase().includes('json')) return null;
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return null;
  }
  return findUnsafeJson(body, 'body');
}

function toProblem(finding: UnsafeFinding): ApiError {
  const message =
    finding.kind === 'depth'
      ? `JSON nested deeper than ${MAX_JSON_DEPTH} levels`
      : 'Text may not contain NUL characters or unpaired UTF-16 surrogates';
  const code = finding.kind === 'depth' ? 'too_deep' : 'invalid_text';
  return new ApiError(code, `${message} (at ${finding.path})`, {
    details: { errors: [{ path: finding.path, code, message }] },
  });
}
