import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { workflowVersions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import type { WorkflowDefinition } from '../../workflows/definition/types.js';
import { type InputProblem, validateInput } from '../workflows/validate-input.js';
import { type LaunchTarget, loadLaunchTarget } from './launch-target.js';

// What every way of starting a run checks before it records one (the API, triggers and retries
// through launchExecution; scheduled runs and sub-workflow children in their activities): the
// workflow exists, is not archived, has the version to run, and the input fits that version.
// Callers word the refusal for their own audience (an API problem, a Temporal failure).

/** A published version of a workflow with an input checked against it: what a run records. */
export interface RunnableTarget {
  workflowId: string;
  workflowName: string;
  version: number;
  definition: WorkflowDefinition;
  /** The input after validation and defaults. */
  input: Record<string, unknown>;
}

/** Why a workflow cannot run as asked. */
export type RunRefusal =
  | { reason: 'workflow_not_found' }
  | { reason: 'workflow_archived' }
  | { reason: 'workflow_not_published' }
  | { reason: 'version_not_found'; version: number }
  | { reason: 'input_invalid'; errors: InputProblem[] };

export type RunnableCheck = { ok: true; target: RunnableTarget } | { ok: false; refusal: RunRefusal };

/** Checks a loaded target (deleted workflows count as missing) and `input` against its version. */
export function checkRunnable(target: LaunchTarget | null, input: Record<string, unknown>): RunnableCheck {
  if (!target || target.workflow.deletedAt) return refused({ reason: 'workflow_not_found' });
  const { workflow, version, definition } = target;
  if (workflow.status === 'archived') return refused({ reason: 'workflow_archived' });
  if (version === null) return refused({ reason: 'workflow_not_published' });
  if (!definition) return refused({ reason: 'version_not_found', version });
  const checked = validateInput(definition, input);
  if (!checked.ok) return refused({ reason: 'input_invalid', errors: checked.errors });
  return {
    ok: true,
    target: {
      workflowId: workflow.id,
      workflowName: workflow.name,
      version,
      definition,
      input: checked.value,
    },
  };
}

/** The workflow's version (`version`, else the published one) with `input` checked against it. */
export async function loadRunnableTarget(
  db: Db,
  request: { orgId: string; workflowId: string; version?: number; input: Record<string, unknown> },
): Promise<RunnableCheck> {
  const target = await loadLaunchTarget(db, request.orgId, request.workflowId, { version: request.version });
  return checkRunnable(target, request.input);
}

/** The definition snapshot a recorded run executes; null when that version does not exist. */
export async function findVersionDefinition(
  db: Db,
  of: { orgId: string; workflowId: string; workflowVersion: number },
): Promise<WorkflowDefinition | null> {
  const [snapshot] = await db
    .select({ definition: workflowVersions.definition })
    .from(workflowVersions)
    .where(
      inOrg(
        workflowVersions,
        of.orgId,
        eq(workflowVersions.workflowId, of.workflowId),
        eq(workflowVersions.version, of.workflowVersion),
      ),
    );
  return (snapshot?.definition as unknown as WorkflowDefinition | undefined) ?? null;
}

function refused(refusal: RunRefusal): RunnableCheck {
  return { ok: false, refusal };
}
