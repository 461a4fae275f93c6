import { setHandler } from '@temporalio/workflow';
import { decideApproval, openApprovals } from '../messages.js';
import type { ApprovalBoard } from './board.js';

/**
 * Installs the approval Update and Query. Called synchronously at the start of the workflow
 * function: an Update arriving in the first activation would otherwise be refused for lack of a
 * handler. The handler is synchronous, so two decisions never interleave, and the validator of the
 * second one sees the state the first one left.
 */
export function registerApprovalHandlers(board: ApprovalBoard): void {
  setHandler(decideApproval, (request) => board.decide(request), {
    validator: (request) => board.validate(request),
    description: 'Approve, reject or escalate an open approval request of this run',
  });
  setHandler(openApprovals, () => board.open(), {
    description: 'The approval requests of this run still waiting for a decision',
  });
}
