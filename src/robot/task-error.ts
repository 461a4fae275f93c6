/** A handler's failure, reported to the server as the step's error code. */
export class TaskError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** May the step's retry policy try again (on any robot)? */
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'TaskError';
  }
}

/** Thrown when the server told us to stop a task (its run was cancelled): nothing is reported. */
export class TaskCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'TaskCancelled';
  }
}
