import { z } from '@hono/zod-openapi';
import { setCookie } from 'hono/cookie';
import { openCodecSession } from '../../../services/codec/open-codec-session.js';
import { CODEC_COOKIE, CODEC_COOKIE_PATH } from '../../../services/codec/session-tokens.js';
import { publicContext } from '../../context.js';
import type { App } from '../../env.js';
import { errorResponses } from '../../openapi.js';
import { defineRoute, PUBLIC } from '../../route.js';

const route = defineRoute(PUBLIC, {
  method: 'get',
  path: '/api/v1/codec/session/{ticket}',
  operationId: 'openCodecSession',
  tags: ['Codec'],
  summary: 'Set the codec session cookie and go to the Temporal Web UI',
  description:
    'The link `POST /api/v1/codec/session` answers, signed and valid for 60 s. Sets an HttpOnly cookie (path /api/v1/codec, SameSite=Lax, 8 h) that only the codec endpoints accept, then redirects (303) to the Web UI.',
  request: {
    params: z.object({
      ticket: z
        .string()
        .min(1)
        .max(2048)
        // A compact JWS: base64url parts and dots, so the URL stays within the server's header limit.
        .regex(/^[A-Za-z0-9_.-]+$/, 'a signed ticket (base64url and dots)')
        .openapi({ param: { name: 'ticket', in: 'path' }, example: 'eyJhbGciOiJFUzI1NiJ9.e30.sig' }),
    }),
  },
  problems: ['unauthorized', 'origin_not_allowed'],
  responses: {
    303: { description: 'The cookie is set; on to the Web UI (Location)' },
    ...errorResponses(401, 403),
  },
});

export function registerOpenCodecSessionRoute(app: App) {
  app.openapi(route, async (c) => {
    const url = new URL(c.req.url);
    const session = await openCodecSession(publicContext(c), {
      ticket: c.req.valid('param').ticket,
      hostname: url.hostname,
    });
    setCookie(c, CODEC_COOKIE, session.token, {
      path: CODEC_COOKIE_PATH,
      httpOnly: true,
      sameSite: 'Lax',
      secure: url.protocol === 'https:',
      expires: session.expiresAt,
    });
    c.header('Cache-Control', 'no-store');
    // The ticket is in this page's URL: never pass it on to the UI as a referrer.
    c.header('Referrer-Policy', 'no-referrer');
    return c.redirect(session.redirectTo, 303);
  });
}
