import { platformOf } from '../../src/api/deps.js';
import type { Permission } from '../../src/services/access/catalogue.js';
import {
  type Platform,
  requestContext,
  type ServiceContext,
  userContext,
} from '../../src/services/context.js';
import type { TestApp } from './app.js';

/** The test app's platform, as its routes' services get it. */
export const platformFor = (t: TestApp): Platform => platformOf(t.deps);

/** A user's service context built with the same constructor the API uses, for calling services directly. */
export function userContextFor(
  t: TestApp,
  account: { userId: string; orgId: string },
  permissions: Iterable<Permission> = [],
): ServiceContext {
  return userContext(requestContext(platformFor(t)), {
    userId: account.userId,
    orgId: account.orgId,
    permissions: new Set(permissions),
  });
}
