import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run robot -- --url <api url> --token <rbt_…> [options]
   or: npm run robot -- --url <api url> --user-token <access token> --name <name> [--labels a,b] [options]

  --url                      Conveyor API base URL, e.g. http://localhost:3000       (CONVEYOR_URL)
  --token                    Robot token                                              (CONVEYOR_ROBOT_TOKEN)
  --user-token, --name       Register a new robot with a user's access token (agents:write); prints its token once
  --labels, --capabilities   Comma-separated, when registering (later: PATCH /api/v1/agents/{id})
  --max-concurrency          Tasks the server hands this robot at once, when registering (default 1)
  --concurrency              Tasks run at once here (default 1)                        (ROBOT_CONCURRENCY)
  --work-dir                 The only directory file tasks and commands may use      (ROBOT_WORK_DIR, default ./robot-work)
  --allow-command            An executable command.run may start; repeat for more    (ROBOT_ALLOW_COMMANDS, comma-separated)
  --task-types               Comma-separated subset of the built-in handlers         (ROBOT_TASK_TYPES)
  --heartbeat-seconds        Heartbeat at least this often (default 10)              (ROBOT_HEARTBEAT_SECONDS)
  --wait-seconds             Long-poll time of each claim, 0-20 (default 20)         (ROBOT_WAIT_SECONDS)
  --command-timeout-seconds  Longest a command may run (default 60)                  (ROBOT_COMMAND_TIMEOUT_SECONDS)

What a task can reach:
  file.read, file.write  Confined to --work-dir. Absolute paths, '..' out of it, symlinks that lead
                         out or whose target does not exist (whoever made them, an allowed command
                         included) and files with a second hard link are refused (PATH_OUTSIDE_WORK_DIR).
  command.run            NOT confined. An allowed command starts in --work-dir with only PATH in its
                         environment, but then runs as this robot's OS user, with that user's
                         permissions and network: it can read, write, delete and connect to whatever
                         that user can. Allow only programs you would let every workflow author of the
                         robot's organization run as this user, and never a shell, an interpreter or a
                         program that runs other programs (sh, bash, python, node, env, xargs, find).
                         Run the robot as a dedicated user (or in a container) to bound what it reaches.
  http.request           Any address this machine's network reaches: that is its purpose (an intranet
                         the server cannot reach). Limit with the machine's firewall if needed.`;

export interface RobotSettings {
  url: string;
  token?: string;
  register?: {
    userToken: string;
    name: string;
    labels: string[];
    capabilities: string[];
    maxConcurrency: number;
  };
  concurrency: number;
  workDir: string;
  allowedCommands: string[];
  taskTypes?: string[];
  heartbeatSeconds: number;
  waitSeconds: number;
  commandTimeoutSeconds: number;
  labelsIgnored: boolean;
}

export class UsageError extends Error {}

/** Flags first, then the environment (handy in containers), then defaults. */
export function readSettings(argv: string[], env: NodeJS.ProcessEnv): RobotSettings | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      'user-token': { type: 'string' },
      name: { type: 'string' },
      labels: { type: 'string' },
      capabilities: { type: 'string' },
      'max-concurrency': { type: 'string' },
      concurrency: { type: 'string' },
      'work-dir': { type: 'string' },
      'allow-command': { type: 'string', multiple: true },
      'task-types': { type: 'string' },
      'heartbeat-seconds': { type: 'string' },
      'wait-seconds': { type: 'string' },
      'command-timeout-seconds': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const url = values.url ?? env.CONVEYOR_URL;
  if (!url) throw new UsageError('--url is required');
  const userToken = values['user-token'];
  if (userToken && !values.name) throw new UsageError('--name is required to register a robot');
  const token = values.token ?? env.CONVEYOR_ROBOT_TOKEN;
  if (!token && !userToken)
    throw new UsageError('--token (or CONVEYOR_ROBOT_TOKEN, or --user-token to register) is required');
  const taskTypes = values['task-types'] ?? env.ROBOT_TASK_TYPES;
  return {
    url,
    token,
    register:
      userToken && values.name
        ? {
            userToken,
            name: values.name,
            labels: list(values.labels),
            capabilities: list(values.capabilities),
            maxConcurrency: whole('max-concurrency', values['max-concurrency'], 1, 1, 100),
          }
        : undefined,
    concurrency: whole('concurrency', values.concurrency ?? env.ROBOT_CONCURRENCY, 1, 1, 100),
    workDir: resolve(values['work-dir'] ?? env.ROBOT_WORK_DIR ?? './robot-work'),
    allowedCommands: values['allow-command'] ?? list(env.ROBOT_ALLOW_COMMANDS),
    taskTypes: taskTypes ? list(taskTypes) : undefined,
    heartbeatSeconds: whole(
      'heartbeat-seconds',
      values['heartbeat-seconds'] ?? env.ROBOT_HEARTBEAT_SECONDS,
      10,
      1,
      3600,
    ),
    waitSeconds: whole('wait-seconds', values['wait-seconds'] ?? env.ROBOT_WAIT_SECONDS, 20, 0, 20),
    commandTimeoutSeconds: whole(
      'command-timeout-seconds',
      values['command-timeout-seconds'] ?? env.ROBOT_COMMAND_TIMEOUT_SECONDS,
      60,
      1,
      86_400,
    ),
    labelsIgnored: Boolean(values.labels && !userToken),
  };
}

function whole(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function list(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
