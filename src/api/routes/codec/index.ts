import type { App } from '../../env.js';
import { codecCors } from '../../middleware/codec-access/index.js';
import { registerDecodePayloadsRoute } from './decode-payloads.js';
import { registerEncodePayloadsRoute } from './encode-payloads.js';
import { registerOpenCodecSessionRoute } from './open-codec-session.js';
import { registerStartCodecSessionRoute } from './start-codec-session.js';

/** The codec server of the Temporal Web UI and CLI (docs/codec.md). */
export function registerCodecRoutes(app: App) {
  registerDecodePayloadsRoute(app);
  registerEncodePayloadsRoute(app);
  registerStartCodecSessionRoute(app);
  registerOpenCodecSessionRoute(app);
}

/** In front of everything else under /api: a preflight must be answered before body checks see it. */
export function registerCodecCors(app: App) {
  app.use('/api/v1/codec/*', codecCors);
}
