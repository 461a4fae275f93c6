import { and, eq, isNull } from 'drizzle-orm';
import { connectedApps } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import type { ServiceContext } from '../context.js';
import { readTokens } from './app-credentials.js';

/** The app is missing, not connected, or holds no tokens: a step using it cannot authenticate. */
export class ConnectedAppUnavailableError extends Error {
  constructor(
    readonly appName: string,
    readonly reason: 'not_found' | 'not_connected',
  ) {
    super(
      reason === 'not_found'
        ? `No connected app named "${appName}"`
        : `Connected app "${appName}" is not connected; authorize it again`,
    );
    this.name = 'ConnectedAppUnavailableError';
  }
}

/**
 * The access token of the organization's connected app `name`, for an activity that calls the
 * provider's API with it (the http step). Only in activities: the token must not reach workflow
 * inputs, results or logs. Refreshing is the token workflow's job; this reads what it stored.
 */
export async function openConnectedAppToken(
  ctx: ServiceContext,
  name: string,
): Promise<{ appId: string; accessToken: string; tokenType: string }> {
  const [app] = await ctx.db
    .select()
    .from(connectedApps)
    .where(
      inOrg(connectedApps, ctx.orgId, and(eq(connectedApps.name, name), isNull(connectedApps.deletedAt))),
    );
  if (!app) throw new ConnectedAppUnavailableError(name, 'not_found');
  const tokens = app.status === 'connected' ? await readTokens(ctx.db, ctx, app) : undefined;
  if (!tokens) throw new ConnectedAppUnavailableError(name, 'not_connected');
  return { appId: app.id, accessToken: tokens.access_token, tokenType: tokens.token_type };
}
