import type { App } from '../../src/api/env.js';
import { type Account, call, type JsonResponse } from '../harness/http.js';

// Small wrappers over the workflow routes, so tests read as the steps a user takes.

export interface WorkflowBody {
  id: string;
  name: string;
  status: string;
  definition: Record<string, unknown>;
  draft_revision: number;
  published_version: number | null;
  tags: string[];
  versions?: { version: number; published_at: string; published_by: string | null }[];
}

export interface StartedBody {
  execution_id: string;
  status: string;
  workflow_id: string;
  workflow_version: number;
  temporal: { namespace: string; workflow_id: string; run_id: string | null };
  created: boolean;
}

/** A definition of transform steps only: runs inside the workflow, no outside service needed. */
export function greetingDefinition(greeting = 'hello') {
  return {
    variables: {
      name: { type: 'string', min_length: 1 },
      times: { type: 'integer', default: 1, minimum: 1 },
    },
    steps: [
      { id: 'greet', type: 'transform', config: { expression: `"${greeting} " & input.name` } },
      {
        id: 'repeat',
        type: 'transform',
        config: { expression: '$join([1..input.times].($$.steps.greet.output), " ")' },
      },
    ],
  };
}

export async function createWorkflow(
  app: App,
  account: Account,
  body: Record<string, unknown> = { name: 'greeter', definition: greetingDefinition() },
): Promise<WorkflowBody> {
  const response = await call<WorkflowBody>(app, 'POST', '/api/v1/workflows', { token: account.token, body });
  if (response.status !== 201) throw new Error(`create: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function publish(app: App, account: Account, id: string): Promise<WorkflowBody> {
  const response = await call<WorkflowBody>(app, 'POST', `/api/v1/workflows/${id}/publish`, {
    token: account.token,
  });
  if (response.status !== 200)
    throw new Error(`publish: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export function execute(
  app: App,
  account: Account,
  id: string,
  input?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<JsonResponse<StartedBody>> {
  return call<StartedBody>(app, 'POST', `/api/v1/workflows/${id}/execute`, {
    token: account.token,
    body: input === undefined ? {} : { input },
    headers,
  });
}
