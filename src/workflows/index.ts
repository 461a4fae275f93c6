// The worker's workflow bundle entry: every workflow type the worker runs is exported here.
export { aiStatusWorkflow, aiTaskWorkflow } from './ai-task.js';
export { cancelEscalationWorkflow } from './cancel-escalation.js';
export { connectedAppSyncWorkflow } from './connected-app-sync.js';
export { connectedAppTokenWorkflow } from './connected-app-token.js';
export { conveyorWorkflow } from './conveyor-workflow.js';
export { integrationHealthWorkflow } from './integration-health.js';
export { notificationWorkflow } from './notification-delivery.js';
export { pingWorkflow } from './ping.js';
export { scheduledWorkflow } from './scheduled-workflow.js';
export { webhookDeliveryWorkflow, webhookSweeperWorkflow } from './webhook-delivery.js';
