import { and, eq, inArray } from 'drizzle-orm';
import { approvals, roles, userRoles, users } from '../../src/db/schema/index.js';
import { newId } from '../../src/lib/ids.js';
import { issueAccessToken } from '../../src/services/auth/access-tokens.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, type JsonResponse } from '../harness/http.js';

/** The test app, with a worker unless told otherwise. */
export async function approvalsApp(options: { worker?: boolean } = {}): Promise<TestApp> {
  const t = await createTestApp();
  if (options.worker ?? true) await t.startWorker();
  return t;
}

export interface Member {
  userId: string;
  orgId: string;
  token: string;
}

let members = 0;

/**
 * Another user of `owner`'s organization with the given built-in roles. There is no user
 * management API yet: the rows are written directly and an access token is minted for them.
 */
export async function addMember(t: TestApp, owner: Account, roleNames: string[], label = 'member') {
  members += 1;
  const db = t.deps.database.db;
  const userId = newId('usr');
  await db.insert(users).values({
    id: userId,
    orgId: owner.orgId,
    email: `${label}-${process.pid}-${members}-${Date.now()}@example.com`,
    name: `${label} ${members}`,
    passwordHash: 'not-a-password',
  });
  if (roleNames.length > 0) {
    const found = await db
      .select({ id: roles.id })
      .from(roles)
      .where(and(eq(roles.orgId, owner.orgId), inArray(roles.name, roleNames)));
    if (found.length !== roleNames.length) throw new Error(`unknown roles in ${roleNames.join(', ')}`);
    await db.insert(userRoles).values(found.map((role) => ({ orgId: owner.orgId, userId, roleId: role.id })));
  }
  const { token } = await issueAccessToken(
    t.deps.secrets,
    { issuer: t.deps.config.JWT_ISSUER, audience: t.deps.config.JWT_AUDIENCE, accessTtlSeconds: 900 },
    { userId, orgId: owner.orgId },
  );
  return { userId, orgId: owner.orgId, token } satisfies Member;
}

export type ApprovalRow = typeof approvals.$inferSelect;

/** Polls the read model until the run's approval request (the n-th one, newest last) matches. */
export async function waitForApproval(
  t: TestApp,
  executionId: string,
  match: (row: ApprovalRow) => boolean = () => true,
  options: { index?: number; timeoutMs?: number } = {},
): Promise<ApprovalRow> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const rows = await t.deps.database.db
      .select()
      .from(approvals)
      .where(eq(approvals.executionId, executionId))
      .orderBy(approvals.createdAt);
    const row = rows[options.index ?? 0];
    if (row && match(row)) return row;
    if (Date.now() > deadline) {
      throw new Error(`approval of ${executionId} not as expected: ${JSON.stringify(rows)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export type Decision = 'approve' | 'reject' | 'escalate';

export function decide(
  t: TestApp,
  who: { token: string },
  approvalId: string,
  decision: Decision,
  body?: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<JsonResponse> {
  return call(t.app, 'POST', `/api/v1/hitl-approvals/${approvalId}/${decision}`, {
    token: who.token,
    body,
    headers,
  });
}

/** A definition with one approval step (`ok`) and a step reporting its outcome. */
export function approvalDefinition(config: Record<string, unknown>) {
  return {
    steps: [
      { id: 'ok', type: 'approval', config: { message: 'Ship order {{ input.order }}?', ...config } },
      { id: 'after', type: 'transform', config: { expression: '{ "outcome": steps.ok.output.outcome }' } },
    ],
    variables: { order: { type: 'string', default: 'A-1' } },
  };
}
