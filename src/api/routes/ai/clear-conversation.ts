import { z } from '@hono/zod-openapi';
import { clearConversation } from '../../../services/ai/clear-conversation.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { ConversationId } from './schemas.js';

const Params = z.object({ id: ConversationId.openapi({ param: { name: 'id', in: 'path' } }) });

const Cleared = z
  .object({
    conversation_id: z.string(),
    removed_turns: z.number().int(),
    cleared_at: z.string(),
  })
  .openapi('ClearedConversation');

const route = defineRoute('ai:use', {
  method: 'post',
  path: '/api/v1/ai/conversation/{id}/clear',
  operationId: 'aiClearConversation',
  tags: ['AI'],
  summary: 'Clear conversation',
  description:
    "Deletes the conversation's turns: the next /ai/ask with it starts afresh. Only your own conversations; any other is 404.",
  'x-resource': 'ai_conversation',
  request: { params: Params },
  problems: ['not_found'],
  responses: {
    200: jsonResponse(Cleared, 'The conversation, emptied'),
    ...errorResponses(404),
  },
});

export function registerClearConversationRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await clearConversation(serviceContext(c), c.req.valid('param').id), 200),
  );
}
