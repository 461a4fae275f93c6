/**
 * The permission catalogue: every route names one of these. Adding a key here is all it takes;
 * the database copy and the built-in roles follow at the next migrate.
 */
export const PERMISSIONS = {
  'profile:read': 'See your own profile, organization and permissions',
  'organization:read': 'See the organization and its settings',
  'organization:update': 'Change the organization settings',
  'users:read': 'List users and their roles',
  'users:write': 'Invite, change and remove users and their roles',
  'roles:read': 'List roles and permissions',
  'roles:write': 'Create, change and delete custom roles',
  'audit_logs:read': 'Read and export the audit trail',
  'workflows:read': 'See workflow definitions and versions',
  'workflows:write': 'Create, edit, clone and delete workflows',
  'workflows:publish': 'Publish and archive workflow versions',
  'workflows:execute': 'Start workflow executions',
  'executions:read': 'See executions, their steps and logs',
  'executions:cancel': 'Cancel running executions',
  'executions:retry': 'Retry failed executions',
  'schedules:read': 'See schedules',
  'schedules:write': 'Create, change, pause and delete schedules',
  'triggers:read': 'See triggers',
  'triggers:write': 'Create, change and delete triggers',
  'triggers:fire': 'Fire triggers by hand',
  'approvals:read': 'See approval requests',
  'approvals:decide': 'Approve, reject or escalate requests addressed to you',
  'agents:read': 'See robots and AI agents',
  'agents:write': 'Register, change and delete robots and AI agents',
  'credentials:read': 'List credentials (never their values)',
  'credentials:write': 'Create, change and delete credentials',
  'credentials:decrypt': 'Read decrypted credential values (every read is audited)',
  'connected_apps:read': 'See connected apps and their logs',
  'connected_apps:write': 'Connect, change, refresh, sync, test, revoke and disconnect apps',
  'integrations:read': 'See integrations and their health',
  'integrations:write': 'Register and change integrations',
  'webhooks:read': 'See outbound webhook subscriptions and their deliveries',
  'webhooks:write': 'Create, change, test, rotate and delete outbound webhook subscriptions',
  'ai:use': 'Send prompts to the AI models',
  'analytics:read': 'See analytics and dashboards',
  'notifications:send': 'Send notifications and configure channels',
  'templates:read': 'Browse workflow templates',
  'system:read': 'See system status details',
  'system:ping': 'Run the ping workflow that checks the engine end to end',
} as const satisfies Record<string, string>;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}

const reads = ALL_PERMISSIONS.filter((p) => p.endsWith(':read'));

/** Built-in roles, copied into every organization. Defined by rule so new permissions land in the right roles. */
export const BUILT_IN_ROLES: Record<string, { description: string; permissions: readonly Permission[] }> = {
  owner: { description: 'Everything, including the organization itself', permissions: ALL_PERMISSIONS },
  admin: {
    description: 'Everything except changing the organization settings',
    permissions: ALL_PERMISSIONS.filter((p) => p !== 'organization:update'),
  },
  editor: {
    description: 'Builds and runs workflows, schedules, triggers and credentials',
    permissions: [
      ...reads.filter((p) => p !== 'audit_logs:read' && p !== 'system:read'),
      'workflows:write',
      'workflows:publish',
      'workflows:execute',
      'executions:cancel',
      'executions:retry',
      'schedules:write',
      'triggers:write',
      'triggers:fire',
      'credentials:write',
      'connected_apps:write',
      'integrations:write',
      'webhooks:write',
      'ai:use',
      'system:ping',
    ],
  },
  operator: {
    description: 'Runs and watches workflows, manages robots',
    permissions: [
      ...reads.filter((p) => p !== 'audit_logs:read'),
      'workflows:execute',
      'executions:cancel',
      'executions:retry',
      'triggers:fire',
      'agents:write',
      'system:ping',
    ],
  },
  approver: {
    description: 'Decides approval requests',
    permissions: [
      'profile:read',
      'workflows:read',
      'executions:read',
      'approvals:read',
      'approvals:decide',
      'templates:read',
    ],
  },
  viewer: { description: 'Reads everything, changes nothing', permissions: reads },
};
