import { conflict } from '../../lib/errors.js';
import type { ServiceContext } from '../context.js';
import { type AppTokens, readTokens } from './app-credentials.js';
import type { ConnectedAppRow } from './app-resource.js';

export const notConnected = (app: ConnectedAppRow) =>
  conflict(
    'connected_app_not_connected',
    `The app is ${app.status}: it holds no usable tokens; authorize it again`,
  );

/** The app's tokens when it is connected, else 409 connected_app_not_connected. */
export async function requireTokens(ctx: ServiceContext, app: ConnectedAppRow): Promise<AppTokens> {
  if (app.status !== 'connected') throw notConnected(app);
  const tokens = await readTokens(ctx.db, ctx, app);
  if (!tokens) throw notConnected(app);
  return tokens;
}
