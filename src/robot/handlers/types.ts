/** What every handler gets besides the payload. */
export interface HandlerContext {
  /** Aborted when the server cancels the task or the robot is stopped hard. */
  signal: AbortSignal;
  /** The only directory file handlers and commands may touch. */
  workDir: string;
  /** Executables `command.run` may start (names or paths, matched exactly). */
  allowedCommands: ReadonlySet<string>;
  commandTimeoutMs: number;
}

export type TaskHandler = (payload: unknown, ctx: HandlerContext) => Promise<unknown>;
