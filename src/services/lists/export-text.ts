/** The download formats every export offers. */
export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type CsvValue = string | number | null;

export interface ExportShape<Row> {
  csvColumns: readonly string[];
  /** One cell per column, in `csvColumns` order. */
  csvRow(row: Row): CsvValue[];
  /** The row as the JSON export (and the API) shows it. */
  json(row: Row): unknown;
}

/**
 * Rows read in batches as export text, one chunk per batch, so any number of rows streams in
 * bounded memory. CSV is RFC 4180 with CRLF; JSON is one array written element by element.
 */
export async function* exportText<Row>(
  format: ExportFormat,
  batches: AsyncIterable<Row[]>,
  shape: ExportShape<Row>,
): AsyncGenerator<string> {
  if (format === 'csv') {
    yield `${shape.csvColumns.join(',')}\r\n`;
    for await (const batch of batches) {
      yield batch.map((row) => `${shape.csvRow(row).map(csvCell).join(',')}\r\n`).join('');
    }
    return;
  }
  let first = true;
  yield '[';
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    const parts = batch.map((row) => JSON.stringify(shape.json(row)));
    yield `${first ? '\n' : ',\n'}${parts.join(',\n')}`;
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
}

/** Cells a spreadsheet would evaluate as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. */
export function csvCell(value: CsvValue): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
