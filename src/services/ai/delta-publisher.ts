import type { ServiceContext } from '../context.js';
import { publishEvents } from '../events/publish.js';

/** Text gathered before it is sent: each NOTIFY costs a statement, each token would be too many. */
const FLUSH_CHARS = 400;
const FLUSH_MS = 100;

/**
 * Sends an answer's text, as it arrives, to whichever API process streams it: `ai.delta` events
 * through the PostgreSQL fan-out, in order (`seq`), tagged with the attempt so a retried call's
 * fresh start can be told from more of the same.
 */
export class DeltaPublisher {
  private pending = '';
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly runId: string,
    private readonly attempt: number,
  ) {}

  push(text: string): void {
    this.pending += text;
    if (this.pending.length >= FLUSH_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Sends what is pending; resolves when everything pushed so far is published. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending !== '') {
      const data = { run_id: this.runId, seq: this.seq++, attempt: this.attempt, text: this.pending };
      this.pending = '';
      this.chain = this.chain.then(() =>
        // A lost delta costs a stream some text, never the answer (recorded in full): logged, not thrown.
        publishEvents(this.ctx.db, [{ type: 'ai.delta', orgId: this.ctx.orgId, data }]).catch(
          (error: unknown) =>
            this.ctx.logger.warn({ err: error, run_id: this.runId }, 'ai delta not published'),
        ),
      );
    }
    return this.chain;
  }
}
