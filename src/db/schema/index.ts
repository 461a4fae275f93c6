export * from './access.js';
export * from './audit.js';
export * from './executions.js';
export * from './rate-limits.js';
export * from './sessions.js';
export * from './tenancy.js';
export * from './workflows.js';
