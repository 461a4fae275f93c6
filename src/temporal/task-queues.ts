/** Workflow type names the API starts by name; the worker registers functions with the same names. */
export const WORKFLOW_TYPES = {
  ping: 'pingWorkflow',
} as const;
