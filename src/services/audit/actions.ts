/**
 * The audit-action catalogue: every `action` an audit row can carry, the resource type the row
 * names and what happened. A new action is added here, never typed inline: `recordAudit` only
 * takes these, with the resource type the catalogue gives, and the audit-actions test holds the
 * catalogue to the actions the source really writes.
 */
interface AuditActionEntry {
  resourceType: string;
  meaning: string;
}

export const AUDIT_ACTIONS = {
  'user.register': { resourceType: 'user', meaning: 'A user registered an account' },
  'organization.create': {
    resourceType: 'organization',
    meaning: 'An organization was created at registration',
  },
  'auth.login': { resourceType: 'user', meaning: 'A user logged in with email and password' },
  'auth.refresh': { resourceType: 'session', meaning: 'A refresh token was exchanged for new tokens' },
  'auth.refresh_reuse_detected': {
    resourceType: 'session',
    meaning: 'A refresh token was used twice; its whole family was revoked',
  },
  'workflow.create': { resourceType: 'workflow', meaning: 'A workflow was created' },
  'workflow.update': {
    resourceType: 'workflow',
    meaning: 'A workflow draft, its variables or its variable mappings changed',
  },
  'workflow.clone': { resourceType: 'workflow', meaning: 'A workflow was created as a copy of another' },
  'workflow.publish': { resourceType: 'workflow', meaning: 'A workflow draft was published as a version' },
  'workflow.archive': { resourceType: 'workflow', meaning: 'A workflow was archived' },
  'workflow.delete': { resourceType: 'workflow', meaning: 'A workflow was deleted' },
  'execution.start': { resourceType: 'execution', meaning: 'An execution was started' },
  'execution.cancel': { resourceType: 'execution', meaning: 'A running execution was cancelled' },
  'approval.approve': { resourceType: 'approval', meaning: 'An approver approved a request' },
  'approval.reject': { resourceType: 'approval', meaning: 'An approver rejected a request' },
  'approval.escalate': {
    resourceType: 'approval',
    meaning: 'An approver escalated a request to the next level',
  },
  'schedule.create': { resourceType: 'schedule', meaning: 'A schedule was created' },
  'schedule.update': { resourceType: 'schedule', meaning: 'A schedule changed' },
  'schedule.pause': { resourceType: 'schedule', meaning: 'A schedule was paused' },
  'schedule.unpause': { resourceType: 'schedule', meaning: 'A paused schedule was resumed' },
  'schedule.trigger': { resourceType: 'schedule', meaning: 'A schedule was run once by hand' },
  'schedule.backfill': { resourceType: 'schedule', meaning: 'A schedule was backfilled over a past range' },
  'schedule.delete': { resourceType: 'schedule', meaning: 'A schedule was deleted' },
  'trigger.create': { resourceType: 'trigger', meaning: 'A trigger was created' },
  'trigger.update': { resourceType: 'trigger', meaning: 'A trigger changed' },
  'trigger.enable': { resourceType: 'trigger', meaning: 'A trigger was enabled' },
  'trigger.disable': { resourceType: 'trigger', meaning: 'A trigger was disabled' },
  'trigger.fire': { resourceType: 'trigger', meaning: 'A trigger fired and started an execution' },
  'trigger.rotate_secret': {
    resourceType: 'trigger',
    meaning: "A webhook trigger's signing secret was replaced",
  },
  'trigger.delete': { resourceType: 'trigger', meaning: 'A trigger was deleted' },
  'agent.register': { resourceType: 'agent', meaning: 'A robot or AI agent was registered' },
  'agent.update': { resourceType: 'agent', meaning: 'A robot or AI agent changed' },
  'agent.rotate_token': { resourceType: 'agent', meaning: "A robot's token was replaced" },
  'agent.delete': { resourceType: 'agent', meaning: 'A robot or AI agent was deleted' },
  'credential.create': { resourceType: 'credential', meaning: 'A credential was created' },
  'credential.update': { resourceType: 'credential', meaning: "A credential's value or settings changed" },
  'credential.decrypt': { resourceType: 'credential', meaning: "A user read a credential's decrypted value" },
  'credential.delete': { resourceType: 'credential', meaning: 'A credential was deleted' },
  'notification_channel.configure': {
    resourceType: 'notification_channel',
    meaning: "A notification channel's settings or secrets were set",
  },
  'notification.send': {
    resourceType: 'notification',
    meaning: 'A user sent a notification through a channel',
  },
  'connected_app.create': {
    resourceType: 'connected_app',
    meaning: 'An app connection was begun (authorization requested)',
  },
  'connected_app.connect': {
    resourceType: 'connected_app',
    meaning: 'The provider granted access and the tokens were stored',
  },
  'connected_app.update': { resourceType: 'connected_app', meaning: 'A connected app changed' },
  'connected_app.refresh': {
    resourceType: 'connected_app',
    meaning: "A connected app's token refresh was forced",
  },
  'connected_app.revoke': {
    resourceType: 'connected_app',
    meaning: "A connected app's access was revoked at the provider and its tokens deleted",
  },
  'connected_app.test': { resourceType: 'connected_app', meaning: 'A connected app was tested' },
  'connected_app.sync': { resourceType: 'connected_app', meaning: "A connected app's sync was started" },
  'connected_app.delete': {
    resourceType: 'connected_app',
    meaning: 'A connected app was disconnected and deleted',
  },
  'integration.create': { resourceType: 'integration', meaning: 'An integration was registered' },
  'integration.update': { resourceType: 'integration', meaning: 'An integration changed' },
  'integration.enable': {
    resourceType: 'integration',
    meaning: "An integration's periodic checks were resumed",
  },
  'integration.disable': {
    resourceType: 'integration',
    meaning: "An integration's periodic checks were paused",
  },
  'integration.delete': { resourceType: 'integration', meaning: 'An integration was removed' },
  'integration.check': {
    resourceType: 'integration',
    meaning: 'An integration was health-checked on request',
  },
  'integration.test': {
    resourceType: 'integration',
    meaning: 'A test request was sent through an integration',
  },
  'integration.alert_open': {
    resourceType: 'integration',
    meaning: "An integration's failures reached its threshold and an alert opened",
  },
  'integration.alert_resolve': {
    resourceType: 'integration',
    meaning: "An integration's open alert was resolved by a successful check",
  },
  'webhook.create': { resourceType: 'webhook', meaning: 'An outbound webhook subscription was created' },
  'webhook.update': { resourceType: 'webhook', meaning: 'An outbound webhook subscription changed' },
  'webhook.enable': { resourceType: 'webhook', meaning: 'An outbound webhook subscription was enabled' },
  'webhook.disable': {
    resourceType: 'webhook',
    meaning: 'An outbound webhook subscription was disabled (by a person, or by Conveyor after failures)',
  },
  'webhook.rotate_secret': {
    resourceType: 'webhook',
    meaning: "A webhook subscription's signing secret was replaced",
  },
  'webhook.test': { resourceType: 'webhook', meaning: 'A test event was sent to a webhook subscription' },
  'webhook.delete': { resourceType: 'webhook', meaning: 'An outbound webhook subscription was deleted' },
  'system.ping': { resourceType: 'ping', meaning: 'The ping workflow was started to check the engine' },
} as const satisfies Record<string, AuditActionEntry>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const ALL_AUDIT_ACTIONS = Object.keys(AUDIT_ACTIONS) as AuditAction[];

/** The resource type an action's row names, e.g. `'trigger'` for `'trigger.enable'`. */
export type AuditResourceType<A extends AuditAction = AuditAction> =
  (typeof AUDIT_ACTIONS)[A]['resourceType'];

/** The actions whose rows name resources of type `R`, e.g. a workflow's history. */
export type AuditActionOn<R extends AuditResourceType> = {
  [A in AuditAction]: AuditResourceType<A> extends R ? A : never;
}[AuditAction];

export function auditActionsOn<R extends AuditResourceType>(resourceType: R): AuditActionOn<R>[] {
  return ALL_AUDIT_ACTIONS.filter(
    (action): action is AuditActionOn<R> => AUDIT_ACTIONS[action].resourceType === resourceType,
  );
}

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}
