import type { Context } from 'hono';
import type { ExportFormat } from '../services/lists/export-text.js';
import type { AppEnv } from './env.js';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export interface Download {
  /** The file's text, chunk by chunk (see `exportText`). */
  chunks: AsyncGenerator<string>;
  format: ExportFormat;
  /** The file name without date or extension: `executions` → `executions-2026-01-31.csv`. */
  name: string;
}

/**
 * A 200 attachment streamed from `chunks`: the next chunk is produced only when the client has
 * taken the last one, so an export of any size holds one batch in memory, and a client that goes
 * away stops the reading (the generator is returned, releasing its query).
 */
export function streamDownload(c: Context<AppEnv>, download: Download) {
  const { chunks } = download;
  const logger = c.get('logger');
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        // The status line is already sent: erroring the stream cuts the response off, so the
        // client sees a broken download instead of a complete-looking, truncated file.
        logger.error({ err: error, download: download.name }, 'download failed mid-stream');
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return c.body(body, 200, {
    'Content-Type': CONTENT_TYPES[download.format],
    'Content-Disposition': `attachment; filename="${download.name}-${date}.${download.format}"`,
    'Cache-Control': 'no-store',
  });
}
