// The worker's workflow bundle entry: every workflow type the worker runs is exported here.
export { cancelEscalationWorkflow } from './cancel-escalation.js';
export { conveyorWorkflow } from './conveyor-workflow.js';
export { pingWorkflow } from './ping.js';
export { scheduledWorkflow } from './scheduled-workflow.js';
