import type Anthropic from '@anthropic-ai/sdk';
import type {
  ContentBlock,
  Message,
  MessageCreateParamsNonStreaming,
  MessageParam,
} from '@anthropic-ai/sdk/resources/messages/messages.js';
import type { z } from 'zod';
import type { AiCall, AiOutcome, AiUsageReport } from '../../workflows/ai-messages.js';
import type { ServiceContext } from '../context.js';
import { AiCallError, aiCallErrorOf } from './ai-call-error.js';
import { type AiProvider, anthropicClient, resolveAnthropicKey } from './anthropic-client.js';
import { appendTurns, conversationHistory, conversationOwned, estimateTokens } from './conversations.js';
import { DeltaPublisher } from './delta-publisher.js';
import type { TokenCounts } from './model-table.js';
import { taskTypeOf } from './task-types/index.js';
import type { AiPrompt, AiTaskType } from './task-types/task-type.js';
import { recordAiUsage, tokensUsedThisMonth } from './usage.js';

/** Calls a structured task may make: the first, then this many more after an answer that failed its schema. */
export const SCHEMA_RETRIES = 2;

/** The Temporal facts of the activity attempt making the call. */
export interface CallAttempt {
  /** The workflow run the call belongs to (an /ai/* run's `air_…` id, or an execution's). */
  runId: string;
  /** Unique per activity attempt: usage rows are keyed on it. */
  attemptKey: string;
  attempt: number;
  signal: AbortSignal;
}

/**
 * One AI task, inside the worker: check the input, the model and the budget, find the key (the
 * organization's credential first), send the prompt with the conversation's history, turn the
 * answer into the task's result (a structured one through its tool, re-asked when it fails the
 * schema), and record usage and the conversation's new turns. Failures are AiCallErrors saying
 * whether a retry can help.
 */
export async function performAiTask(
  ctx: ServiceContext,
  provider: AiProvider,
  call: AiCall,
  attempt: CallAttempt,
): Promise<AiOutcome> {
  const taskType = taskTypeOf(call.taskType);
  const parsed = taskType.input.safeParse(call.input);
  if (!parsed.success) {
    throw new AiCallError('AI_INPUT_INVALID', `Invalid ${call.taskType} input`, false, {
      errors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const input = parsed.data;
  const model = call.model ?? ctx.config.ai.models.defaultModel;
  if (!(model in ctx.config.ai.models.prices)) {
    throw new AiCallError('AI_MODEL_NOT_ALLOWED', `Model ${model} is not in the model table`, false);
  }
  const budget = ctx.config.ai.monthlyTokenBudget;
  if ((await tokensUsedThisMonth(ctx)) >= budget) {
    throw new AiCallError(
      'AI_BUDGET_EXCEEDED',
      `The organization used its ${budget} AI tokens this month`,
      false,
    );
  }
  const key = await resolveAnthropicKey(ctx, provider);
  if (!key) {
    throw new AiCallError(
      'AI_NOT_CONFIGURED',
      'No Anthropic API key: add a credential named "anthropic", or set ANTHROPIC_API_KEY on the workers',
      false,
    );
  }
  const history = call.conversationId ? await historyOf(ctx, call) : [];
  const prompt = taskType.prompt(input);
  const client = anthropicClient(ctx, provider, key.key, ctx.config.ai.callTimeoutSeconds * 1000);
  const session = new CallSession(ctx, client, call, attempt, model, prompt);
  const messages: MessageParam[] = [...history, { role: 'user', content: prompt.user }];

  const { result, message } =
    taskType.kind === 'text'
      ? await textAnswer(session, messages, taskType.textField)
      : await structuredAnswer(session, messages, taskType, input);
  if (call.conversationId) {
    await appendTurns(
      ctx,
      call.conversationId,
      attempt.runId,
      { content: prompt.user, tokens: estimateTokens(prompt.user) },
      { content: answerText(taskType, result), tokens: message.usage.output_tokens },
    );
  }
  return { task_type: call.taskType, model, result, usage: session.usage, stop_reason: message.stop_reason };
}

/** What the conversation keeps of an answer: a text task's text, or the structured result as JSON. */
const answerText = (taskType: AiTaskType<z.ZodObject, unknown>, result: Record<string, unknown>): string =>
  taskType.kind === 'text' ? String(result[taskType.textField] ?? '') : JSON.stringify(result);

async function historyOf(ctx: ServiceContext, call: AiCall): Promise<MessageParam[]> {
  const { conversationId, userId } = call;
  if (!conversationId || !userId || !(await conversationOwned(ctx, userId, conversationId))) {
    throw new AiCallError('AI_CONVERSATION_NOT_FOUND', 'Conversation not found', false);
  }
  return conversationHistory(ctx, conversationId, ctx.config.ai.conversationTokenBudget);
}

/** A text task: the answer's text blocks, joined. Streams them as they come when the call asks to. */
async function textAnswer(session: CallSession, messages: MessageParam[], field: string) {
  const message = await session.send(messages, {});
  return { message, result: { [field]: textOf(message.content) } };
}

/**
 * A structured task: the model must call the task's tool; its input is checked, and a failing one
 * is sent back as the tool's error result for another try, at most SCHEMA_RETRIES more times.
 */
async function structuredAnswer(
  session: CallSession,
  messages: MessageParam[],
  taskType: Extract<AiTaskType<z.ZodObject, unknown>, { kind: 'structured' }>,
  input: unknown,
) {
  const tool = taskType.tool(input);
  let lastAnswer: unknown = null;
  let problems: string[] = [];
  for (let round = 0; round <= SCHEMA_RETRIES; round += 1) {
    const message = await session.send(messages, {
      tools: [tool],
      tool_choice: { type: 'tool', name: tool.name },
    });
    const use = message.content.find(
      (block): block is Extract<ContentBlock, { type: 'tool_use' }> =>
        block.type === 'tool_use' && block.name === tool.name,
    );
    if (use) {
      lastAnswer = use.input;
      const checked = taskType.check(use.input, input);
      if (checked.ok) return { message, result: checked.value };
      problems = checked.problems;
      messages.push(
        { role: 'assistant', content: message.content },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: use.id,
              is_error: true,
              content: `The input does not match the tool's schema:\n${problems.map((p) => `- ${p}`).join('\n')}\nCall ${tool.name} again with a corrected input.`,
            },
          ],
        },
      );
    } else {
      lastAnswer = textOf(message.content);
      problems = [`no call of the ${tool.name} tool`];
      messages.push(
        { role: 'assistant', content: message.content.length > 0 ? message.content : '(no answer)' },
        { role: 'user', content: `Answer by calling the ${tool.name} tool.` },
      );
    }
  }
  throw new AiCallError(
    'AI_INVALID_ANSWER',
    `The model's answer did not match the ${taskType.name} schema after ${SCHEMA_RETRIES + 1} tries`,
    false,
    { last_answer: lastAnswer, problems: problems.slice(0, 20) },
  );
}

/** The requests of one task: same model and prompt, each answer's usage recorded as it comes. */
class CallSession {
  readonly usage: AiUsageReport = {
    input_tokens: 0,
    output_tokens: 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cost_usd: 0,
    calls: 0,
  };
  private costMicro = 0;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly client: Anthropic,
    private readonly call: AiCall,
    private readonly attempt: CallAttempt,
    private readonly model: string,
    private readonly prompt: AiPrompt,
  ) {}

  async send(
    messages: MessageParam[],
    extra: Pick<MessageCreateParamsNonStreaming, 'tools' | 'tool_choice'>,
  ): Promise<Message> {
    const params: MessageCreateParamsNonStreaming = {
      model: this.model,
      max_tokens: this.prompt.maxTokens,
      // Marked for caching: a long instruction repeated across calls is billed at the cache rate.
      system: [{ type: 'text', text: this.prompt.system, cache_control: { type: 'ephemeral' } }],
      messages,
      ...extra,
    };
    const started = Date.now();
    const deltas = this.call.stream
      ? new DeltaPublisher(this.ctx, this.attempt.runId, this.attempt.attempt)
      : undefined;
    let message: Message;
    try {
      const stream = this.client.messages.stream(params, { signal: this.attempt.signal });
      if (deltas) stream.on('text', (text) => deltas.push(text));
      message = await stream.finalMessage();
    } catch (error) {
      throw aiCallErrorOf(error);
    } finally {
      await deltas?.flush();
    }
    const tokens = tokensOf(message);
    this.costMicro += await recordAiUsage(this.ctx, {
      callKey: `${this.attempt.attemptKey}:${this.usage.calls}`,
      userId: this.call.userId,
      executionId: this.call.executionId,
      runId: this.attempt.runId,
      taskType: this.call.taskType,
      model: this.model,
      tokens,
      latencyMs: Date.now() - started,
    });
    this.usage.calls += 1;
    this.usage.input_tokens += tokens.input_tokens;
    this.usage.output_tokens += tokens.output_tokens;
    this.usage.cache_creation_input_tokens += tokens.cache_creation_input_tokens;
    this.usage.cache_read_input_tokens += tokens.cache_read_input_tokens;
    this.usage.cost_usd = this.costMicro / 1_000_000;
    if (message.stop_reason === 'refusal') {
      throw new AiCallError('AI_REFUSED', 'The model declined to answer this request', false, {
        stop_reason: 'refusal',
      });
    }
    return message;
  }
}

function tokensOf(message: Message): TokenCounts {
  return {
    input_tokens: message.usage.input_tokens ?? 0,
    output_tokens: message.usage.output_tokens ?? 0,
    cache_creation_input_tokens: message.usage.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: message.usage.cache_read_input_tokens ?? 0,
  };
}

const textOf = (content: ContentBlock[]): string =>
  content
    .filter((block): block is Extract<ContentBlock, { type: 'text' }> => block.type === 'text')
    .map((block) => block.text)
    .join('');
