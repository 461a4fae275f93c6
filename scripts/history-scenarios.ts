// The runs scripts/record-histories.ts records for the replay test: together they use every step
// type and every way a run ends (completed, failed, cancelled, continued as new, ended early).
import { ApplicationFailure, AsyncCompletionClient, type WorkflowHandle } from '@temporalio/client';
import { type DecisionRequest, decideApproval, openApprovals } from '../src/workflows/messages.js';

export interface ScenarioEnv {
  /** Base URL of a local HTTP stand-in answering /ok (200), /missing (404) and /flaky (503, then 200). */
  apiUrl: string;
  /** Publishes another definition in the same organization and returns its workflow id. */
  publish(definition: unknown): Promise<string>;
}

export interface ScenarioRun {
  definition: unknown;
  input?: Record<string, unknown>;
}

export interface Scenario {
  name: string;
  build(env: ScenarioEnv): ScenarioRun | Promise<ScenarioRun>;
  /** Cancel the run once its history shows this event (e.g. a timer started). */
  cancelAfter?: string;
  /** Acts on the running run (e.g. sends approval decisions) before the recorder awaits its end. */
  drive?(handle: WorkflowHandle): Promise<void>;
}

/** Sends a decision to the run's open approval request once it is open at `level`. */
async function decideWhenOpen(
  handle: WorkflowHandle,
  level: number,
  decision: Omit<DecisionRequest, 'approvalId'>,
): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [open] = await handle.query(openApprovals);
    if (open && open.level === level) {
      await handle.executeUpdate(decideApproval, { args: [{ ...decision, approvalId: open.approvalId }] });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${handle.workflowId}: no approval open at level ${level}`);
}

/**
 * Plays the robot for an `agent` step: waits for the attempt-th start of its dispatch activity and
 * completes or fails it by id, as the API does with the task token a robot never sees.
 */
async function finishAgentAttempt(
  handle: WorkflowHandle,
  attempt: number,
  outcome: { output: unknown } | { retryableFailure: string },
): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const events = (await handle.fetchHistory()).events ?? [];
    const scheduled = events.find(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'dispatchAgentTask',
    );
    const activityId = scheduled?.activityTaskScheduledEventAttributes?.activityId;
    // Started events of a retried activity are written only when it closes, so poll its state.
    const description = await handle.describe();
    const pending = description.raw.pendingActivities?.find((a) => a.activityId === activityId);
    const started = pending && pending.attempt === attempt && pending.lastStartedTime;
    if (activityId && started) {
      const completion = new AsyncCompletionClient({ connection: handle.client.connection });
      const id = { workflowId: handle.workflowId, activityId };
      if ('output' in outcome) {
        await completion.complete(id, { output: outcome.output, attempt, agent_id: 'agt_recorder' });
      } else {
        await completion.fail(id, ApplicationFailure.retryable(outcome.retryableFailure, 'ROBOT_BUSY'));
      }
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${handle.workflowId}: agent attempt ${attempt} never started`);
}

const step = (id: string, type: string, config: Record<string, unknown>, extra: object = {}) => ({
  id,
  type,
  config,
  ...extra,
});
const value = (id: string, v: unknown) => step(id, 'transform', { value: v });
// Built from entries: a literal `then` key trips the thenable lint rule.
const condition = (id: string, expression: string, thenSteps: unknown[], elseSteps?: unknown[]) =>
  step(
    id,
    'condition',
    Object.fromEntries([
      ['if', expression],
      ['then', thenSteps],
      ...(elseSteps ? [['else', elseSteps]] : []),
    ]),
  );

export const scenarios: Scenario[] = [
  {
    name: 'http-transform-set',
    build: ({ apiUrl }) => ({
      definition: {
        steps: [
          step('call', 'http', { method: 'POST', url: `${apiUrl}/ok`, body: { a: 1 } }),
          step('retry', 'http', { url: `${apiUrl}/flaky` }, { retry: { initial_interval: '100ms' } }),
          step('remember', 'set', { values: { status: '{{ steps.call.output.status }}' } }),
          step('shape', 'transform', { expression: '{ "status": vars.status }' }),
        ],
      },
    }),
  },
  {
    name: 'branches',
    build: () => ({
      definition: {
        variables: { kind: { type: 'string', default: 'b' } },
        steps: [
          condition('check', 'input.kind = "b"', [value('yes', 1)], [value('no', 0)]),
          step('route', 'switch', {
            value: 'input.kind',
            cases: [
              { equals: 'a', steps: [value('case_a', 'A')] },
              { equals: 'b', steps: [step('case_b', 'delay', { duration: '100ms' })] },
            ],
            default: [value('other', '?')],
          }),
          step('fan', 'parallel', {
            branches: {
              left: [step('left_wait', 'delay', { duration: '200ms' })],
              right: [value('right_value', 'R')],
            },
          }),
        ],
      },
    }),
  },
  {
    name: 'parallel-failure-continue',
    build: () => ({
      definition: {
        steps: [
          step(
            'fan',
            'parallel',
            {
              branches: [
                [step('slow', 'delay', { duration: '1h' })],
                [step('moment', 'delay', { duration: '100ms' }), step('boom', 'fail', { message: 'broke' })],
              ],
            },
            { on_error: 'continue' },
          ),
          value('after', 'went on'),
        ],
      },
    }),
  },
  {
    name: 'foreach-concurrent',
    build: ({ apiUrl }) => ({
      definition: {
        steps: [
          step('loop', 'foreach', {
            items: '[1, 2, 3, 4, 5]',
            concurrency: 3,
            steps: [
              step('call', 'http', { url: `${apiUrl}/ok`, query: { n: '{{ item }}' } }),
              step('double', 'transform', { expression: 'item * 2' }),
            ],
          }),
        ],
      },
    }),
  },
  {
    name: 'foreach-continue-as-new',
    build: () => ({
      definition: {
        steps: [
          step('before', 'set', { values: { factor: 2 } }),
          step('loop', 'foreach', {
            items: '[1..12]',
            concurrency: 2,
            checkpoint_every: 5,
            steps: [step('times', 'transform', { expression: 'item * vars.factor' })],
          }),
          step('count', 'transform', { expression: '$count(steps.loop.output)' }),
        ],
      },
    }),
  },
  {
    name: 'timers',
    build: () => ({
      definition: {
        steps: [
          step('pause', 'delay', { duration: '200ms' }),
          step('past', 'wait_until', { until: '2001-01-01T00:00:00Z' }),
          step('soon', 'wait_until', { until: '$toMillis($now()) + 200' }),
        ],
      },
    }),
  },
  {
    name: 'fail-goto-then-fail',
    build: ({ apiUrl }) => ({
      definition: {
        steps: [
          step('first', 'fail', { code: 'NOT_YET', message: 'first try' }, { on_error: { goto: 'recover' } }),
          value('skipped', 'never'),
          step('recover', 'http', { url: `${apiUrl}/missing` }, { on_error: 'continue' }),
          step('give_up', 'fail', { code: 'GAVE_UP', message: 'after {{ steps.recover.status }}' }),
        ],
      },
    }),
  },
  {
    name: 'cancelled-mid-delay',
    cancelAfter: 'TIMER_STARTED',
    build: () => ({
      definition: { steps: [step('wait', 'delay', { duration: '1h' }), value('never', 0)] },
    }),
  },
  {
    name: 'succeed-early',
    build: () => ({
      definition: {
        steps: [
          condition('shortcut', 'true', [step('done', 'succeed', { output: { early: true } })]),
          step('never', 'delay', { duration: '1h' }),
        ],
      },
    }),
  },
  {
    name: 'sub-workflow',
    build: async ({ publish }) => {
      const child = await publish({
        variables: { n: { type: 'number' } },
        steps: [
          step('pause', 'delay', { duration: '100ms' }),
          step('tenfold', 'transform', { expression: 'input.n * 10' }),
        ],
      });
      return {
        definition: {
          steps: [
            step('child', 'sub_workflow', { workflow_id: child, input: { n: 4 } }),
            step('detached', 'sub_workflow', { workflow_id: child, input: { n: 5 }, wait: false }),
            step('use', 'transform', { expression: 'steps.child.output + 1' }),
          ],
        },
      };
    },
  },
  {
    name: 'approval-two-of-three',
    build: () => ({
      definition: {
        steps: [
          step('sign_off', 'approval', {
            message: 'Pay {{ input.amount }}?',
            approvers: { users: ['usr_a', 'usr_b', 'usr_c'] },
            required: 2,
            form: { type: 'object', properties: { reference: { type: 'string' } } },
          }),
          condition(
            'paid',
            'steps.sign_off.output.outcome = "approved"',
            [value('pay', 'paid')],
            [value('skip', 'not paid')],
          ),
        ],
        variables: { amount: { type: 'number', default: 12 } },
      },
    }),
    async drive(handle) {
      await decideWhenOpen(handle, 0, {
        decision: 'approve',
        actor: { userId: 'usr_a', roles: [] },
        comment: 'fine',
        payload: { reference: 'R-1' },
      });
      await decideWhenOpen(handle, 0, { decision: 'approve', actor: { userId: 'usr_b', roles: [] } });
    },
  },
  {
    name: 'approval-escalated-rejected',
    build: () => ({
      definition: {
        steps: [
          step('sign_off', 'approval', {
            message: 'Big purchase',
            approvers: { roles: ['approver'] },
            escalation: [
              { approvers: { users: ['usr_boss'] }, timeout: '300ms', on_timeout: 'escalate' },
              { approvers: { users: ['usr_ceo'] } },
            ],
          }),
          value('after', '{{ steps.sign_off.output.outcome }}'),
        ],
      },
    }),
    async drive(handle) {
      await decideWhenOpen(handle, 0, {
        decision: 'escalate',
        actor: { userId: 'usr_lead', roles: ['approver'] },
      });
      await decideWhenOpen(handle, 2, {
        decision: 'reject',
        actor: { userId: 'usr_ceo', roles: [] },
        comment: 'no',
      });
    },
  },
  {
    name: 'approval-timed-out',
    build: () => ({
      definition: {
        steps: [
          step('sign_off', 'approval', {
            message: 'Auto-approve after a moment',
            approvers: { roles: ['approver'] },
            timeout: '200ms',
            on_timeout: 'approve',
          }),
        ],
      },
    }),
  },
  {
    // Interpreter revision 2: short http steps run as local activities (markers, not activity events).
    name: 'http-local-steps',
    build: ({ apiUrl }) => ({
      definition: {
        steps: [
          step('call', 'http', { method: 'POST', url: `${apiUrl}/ok`, body: { a: 1 } }, { timeout: '5s' }),
          step(
            'retry',
            'http',
            { url: `${apiUrl}/flaky` },
            { timeout: '5s', retry: { initial_interval: '100ms' } },
          ),
          step('fan', 'parallel', {
            branches: {
              left: [step('left', 'http', { url: `${apiUrl}/ok` }, { timeout: '5s' })],
              right: [step('right', 'http', { url: `${apiUrl}/ok` })],
            },
          }),
          step('shape', 'transform', { expression: '{ "status": steps.call.output.status }' }),
        ],
      },
    }),
  },
  {
    // Interpreter revision 3: the run's last task ran local steps, so the outcome is a regular
    // activity that also commits them (no checkpoint activity, no outcome marker).
    name: 'http-local-steps-closing',
    build: ({ apiUrl }) => ({
      definition: {
        steps: [
          step('first', 'http', { url: `${apiUrl}/ok` }, { timeout: '5s' }),
          step('second', 'http', { method: 'POST', url: `${apiUrl}/ok`, body: { n: 2 } }, { timeout: '5s' }),
        ],
      },
    }),
  },
  {
    // Revision 3 with a failing local step: the failed outcome is recorded the same way.
    name: 'http-local-step-fails',
    build: ({ apiUrl }) => ({
      definition: {
        steps: [
          step(
            'missing',
            'http',
            { url: `${apiUrl}/missing` },
            { timeout: '5s', retry: { max_attempts: 1 } },
          ),
        ],
      },
    }),
  },
  {
    name: 'agent-retried-completed',
    build: () => ({
      definition: {
        steps: [
          step(
            'robot_work',
            'agent',
            { task_type: 'http.request', payload: { url: 'http://example.test' }, labels: ['ops'] },
            { retry: { max_attempts: 3, initial_interval: '100ms' } },
          ),
          step('after', 'transform', { expression: 'steps.robot_work.output' }),
        ],
      },
    }),
    drive: async (handle) => {
      await finishAgentAttempt(handle, 1, { retryableFailure: 'robot busy, try again' });
      await finishAgentAttempt(handle, 2, { output: { done: true } });
    },
  },
  {
    name: 'agent-cancelled',
    build: () => ({
      definition: { steps: [step('robot_work', 'agent', { task_type: 'command.run', payload: {} })] },
    }),
    cancelAfter: 'ACTIVITY_TASK_SCHEDULED',
  },
  {
    // The recorder configures a chat channel posting to the HTTP stand-in.
    name: 'notify-step',
    build: () => ({
      definition: {
        steps: [
          step('tell', 'notify', { channel: 'chat', subject: 'Run {{ execution.id }}', body: 'done' }),
          step('later', 'notify', { channel: 'chat', subject: 'Queued', body: 'later', wait: false }),
        ],
      },
    }),
  },
  {
    // The recorder's Messages API stand-in answers each tool with a valid input, text otherwise.
    name: 'ai-steps',
    build: () => ({
      definition: {
        steps: [
          step('ask', 'ai.ask', { prompt: 'Say hello' }),
          step('summary', 'ai.summarize', { text: '{{ steps.ask.output.answer }}', max_words: 20 }),
          step('analysis', 'ai.analyze', { data: { orders: [3, 5, 40] }, question: 'Any outlier?' }),
          step('label', 'ai.classify', { text: 'charged twice', categories: ['billing', 'other'] }),
          step('choice', 'ai.decide', { context: { amount: 12 }, options: ['approve', 'reject'] }),
          step('fields', 'ai.extract', {
            text: 'Invoice INV-7',
            schema: { type: 'object', properties: { invoice_number: { type: 'string' } } },
          }),
        ],
      },
    }),
  },
];
