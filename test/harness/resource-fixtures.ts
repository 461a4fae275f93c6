import type { TestApp } from './app.js';
import { agentFixture, agentTaskFixture } from './fixtures/agent.js';
import { aiConversationFixture } from './fixtures/ai-conversation.js';
import { aiRunFixture } from './fixtures/ai-run.js';
import { approvalFixture } from './fixtures/approval.js';
import { connectedAppFixture } from './fixtures/connected-app.js';
import { credentialFixture } from './fixtures/credential.js';
import { integrationFixture } from './fixtures/integration.js';
import { scheduleFixture } from './fixtures/schedule.js';
import { triggerFixture } from './fixtures/trigger.js';
import { webhookFixture } from './fixtures/webhook.js';
import { type Account, call } from './http.js';
import { launch, seedPublishedWorkflow, waitForOutcome } from './workflows.js';

/**
 * How to create, in a given organization, the resource an id route addresses. Every operation with
 * a path parameter names its resource (`x-resource`); the tenancy probe fails for a resource with no
 * fixture here, so new routes join the probe as soon as they are written.
 */
export interface ResourceFixture {
  /** Creates the resource in `account`'s organization and returns the path parameter values. */
  create(t: TestApp, account: Account): Promise<Record<string, string>>;
  /** Valid bodies per operationId, so validation never answers before the ownership check. */
  bodies?: Record<string, unknown>;
}

export const RESOURCE_FIXTURES: Record<string, ResourceFixture> = {
  agent: agentFixture,
  agent_task: agentTaskFixture,
  ai_conversation: aiConversationFixture,
  ai_run: aiRunFixture,
  approval: approvalFixture,
  connected_app: connectedAppFixture,
  credential: credentialFixture,
  integration: integrationFixture,
  schedule: scheduleFixture,
  trigger: triggerFixture,
  webhook: webhookFixture,
  ping: {
    async create(t, account) {
      const started = await call<{ id: string }>(t.app, 'POST', '/api/v1/system/ping', {
        token: account.token,
        body: { message: 'probe', wait_seconds: 0 },
      });
      if (started.status !== 202 && started.status !== 200)
        throw new Error(`ping fixture: ${started.status}`);
      return { id: started.body.id };
    },
  },
  /** A published workflow; path parameters named `id` or `workflow_id` address it. */
  workflow: {
    async create(t, account) {
      const id = await seedPublishedWorkflow(t, account, PROBE_DEFINITION);
      return { id, workflow_id: id };
    },
    bodies: {
      replaceWorkflow: {
        name: 'probe',
        definition: { steps: [{ id: 'work', type: 'transform', config: { value: 'done' } }] },
      },
      replaceWorkflowVariables: { variables: {} },
      setWorkflowVariableMappings: { mappings: {} },
    },
  },
  /** A finished (failed) execution, so cancel, retry and reads all have something to act on. */
  execution: {
    async create(t, account) {
      const workflowId = await seedPublishedWorkflow(t, account, PROBE_DEFINITION);
      const execution = await launch(t, account, workflowId, { fail: true });
      await waitForOutcome(t, execution.id);
      return { id: execution.id, execution_id: execution.id, executionId: execution.id };
    },
  },
};

/** Resources that are not tenant data (built-in templates, step types): the probe leaves them out. */
export const GLOBAL_RESOURCE = 'global';

const PROBE_DEFINITION = {
  variables: { fail: { type: 'boolean', default: false } },
  steps: [
    { id: 'work', type: 'transform', config: { value: 'done' } },
    {
      id: 'maybe_fail',
      type: 'http',
      when: 'input.fail',
      config: { url: 'http://127.0.0.1:9/unreachable' },
      retry: { max_attempts: 1 },
    },
  ],
};
