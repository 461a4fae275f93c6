import { randomBytes } from 'node:crypto';
import { isUniqueViolation } from '../../db/errors.js';
import { organizations, userRoles, users } from '../../db/schema/index.js';
import { ApiError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { createBuiltInRoles } from '../access/create-built-in-roles.js';
import { recordAudit } from '../audit/record-audit.js';
import { type RequestContext, withDb } from '../context.js';
import { enforceRegisterLimit } from './auth-limits.js';
import { issueSession } from './issue-session.js';
import { hashPassword } from './passwords.js';
import type { TokenPair } from './token-pair.js';

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
  organization_name: string;
}

export interface Registered {
  user: { id: string; email: string; name: string };
  organization: { id: string; name: string; slug: string };
  tokens: TokenPair;
}

const emailTaken = () => new ApiError('email_taken', 'An account with this email already exists');

/** Creates an organization and its first user, who becomes its owner, and logs them in. */
export async function registerUser(ctx: RequestContext, input: RegisterInput): Promise<Registered> {
  await enforceRegisterLimit(ctx);
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  try {
    return await ctx.db.transaction(async (tx) => {
      const orgId = newId('org');
      const userId = newId('usr');
      const slug = `${slugify(input.organization_name)}-${randomBytes(3).toString('hex')}`;
      await tx.insert(organizations).values({ id: orgId, name: input.organization_name.trim(), slug });
      const roleIds = await createBuiltInRoles(tx, orgId);
      await tx.insert(users).values({ id: userId, orgId, email, name: input.name.trim(), passwordHash });
      await tx.insert(userRoles).values({ orgId, userId, roleId: roleIds.get('owner') as string });
      const audit = {
        orgId,
        actor: { type: 'user' as const, id: userId },
        requestId: ctx.requestId,
        clientRequestId: ctx.clientRequestId,
        ip: ctx.ip,
      };
      await recordAudit(tx, audit, {
        action: 'organization.create',
        resourceType: 'organization',
        resourceId: orgId,
      });
      await recordAudit(tx, audit, { action: 'user.register', resourceType: 'user', resourceId: userId });
      const tokens = await issueSession(withDb(ctx, tx), { userId, orgId });
      return {
        user: { id: userId, email, name: input.name.trim() },
        organization: { id: orgId, name: input.organization_name.trim(), slug },
        tokens,
      };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) throw emailTaken();
    throw error;
  }
}

function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return slug || 'org';
}
