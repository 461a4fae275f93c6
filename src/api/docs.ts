import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { App } from './env.js';

const require = createRequire(import.meta.url);
const swaggerDir = dirname(require.resolve('swagger-ui-dist/package.json'));
const redocBundle = join(dirname(require.resolve('redoc/package.json')), 'bundles', 'redoc.standalone.js');

/** Assets come from npm packages on disk: no CDN, so the docs work on machines without internet. */
const ASSETS: Record<string, { path: string; type: string }> = {
  'swagger-ui.css': { path: join(swaggerDir, 'swagger-ui.css'), type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': {
    path: join(swaggerDir, 'swagger-ui-bundle.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'swagger-ui-standalone-preset.js': {
    path: join(swaggerDir, 'swagger-ui-standalone-preset.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'swagger-init.js': { path: '', type: 'text/javascript; charset=utf-8' },
  'redoc.standalone.js': { path: redocBundle, type: 'text/javascript; charset=utf-8' },
};

// Inline scripts would need a laxer CSP; a tiny served file keeps the page script-src 'self'.
const SWAGGER_INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout', persistAuthorization: true });`;

const SWAGGER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Conveyor API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script src="/docs/assets/swagger-init.js"></script></body></html>`;

const REDOC_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Conveyor API reference</title></head>
<body><redoc spec-url="/openapi.json"></redoc>
<script src="/docs/assets/redoc.standalone.js"></script></body></html>`;

const cache = new Map<string, Buffer>();

/**
 * The documentation pages run only our own scripts (served below from npm packages) and talk only
 * to this origin: a script injected through the description could not load more or send data
 * elsewhere. ReDoc styles itself inline and renders in a blob: worker; Swagger UI draws data: images.
 */
const DOCS_HEADERS = {
  'Content-Security-Policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    'worker-src blob:',
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export function registerDocs(app: App) {
  app.get('/docs', (c) => c.html(SWAGGER_PAGE, 200, DOCS_HEADERS));
  app.get('/redoc', (c) => c.html(REDOC_PAGE, 200, DOCS_HEADERS));
  app.get('/docs/assets/:file', async (c) => {
    const name = c.req.param('file');
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) return c.notFound();
    const body = name === 'swagger-init.js' ? Buffer.from(SWAGGER_INIT) : await load(asset.path);
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': asset.type,
      'Cache-Control': 'public, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
    });
  });
}

async function load(path: string): Promise<Buffer> {
  let body = cache.get(path);
  if (!body) {
    body = await readFile(path);
    cache.set(path, body);
  }
  return body;
}
