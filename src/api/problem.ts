import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ProblemCode } from '../lib/problem-codes.js';

/**
 * The code for an HTTPException of a status we have no code for: Hono raises none today, but a
 * new version might, and its answer should still say which status it was.
 */
export type UncataloguedHttpCode = `http_${number}`;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode | UncataloguedHttpCode;
  instance: string;
  request_id: string | null;
  errors?: { path: string; message: string; code: string }[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Builds an RFC 9457 problem details response; `code` is the stable, machine-readable part. */
export function problem(
  c: Context,
  status: ContentfulStatusCode,
  code: ProblemCode | UncataloguedHttpCode,
  detail: string,
  extensions: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  const body: ProblemBody = {
    type: `https://conveyor.dev/problems/${code.replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    instance: c.req.path,
    request_id: (c.get('requestId') as string | undefined) ?? null,
    ...extensions,
  };
  return c.newResponse(JSON.stringify(body), status, {
    ...headers,
    'Content-Type': 'application/problem+json',
  });
}
