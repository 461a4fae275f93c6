// Makes a namespace match what the app needs: custom search attributes and retention.
// Runs on every start, not only when the namespace is created, because the dev server applies
// --search-attribute flags only when it creates the namespace, and always creates it with 24h
// retention; with a database file both would silently stay as they were first set.
import type { Connection } from '@temporalio/client';
// Deep import: the SDK converts ms <-> protobuf Duration (int64 `Long` seconds) here and
// doesn't re-export it; `long` itself is not our dependency.
import { msNumberToTs, tsToMs } from '@temporalio/common/lib/time.js';
import type { temporal } from '@temporalio/proto';
// Default import: @temporalio/proto is CommonJS re-exporting through `require('./root')`, so
// Node's ESM loader finds no named exports (`import { temporal }` type-checks, then fails at runtime).
import proto from '@temporalio/proto';

export const searchAttributeTypeNames = [
  'Text',
  'Keyword',
  'Int',
  'Double',
  'Bool',
  'Datetime',
  'KeywordList',
] as const;
export type SearchAttributeTypeName = (typeof searchAttributeTypeNames)[number];

const { IndexedValueType } = proto.temporal.api.enums.v1;
const indexedValueTypes: Record<SearchAttributeTypeName, temporal.api.enums.v1.IndexedValueType> = {
  Text: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Double: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/**
 * Custom attributes per namespace on SQL visibility (the dev server's SQLite, and Postgres/MySQL):
 * each type maps to a fixed set of pre-allocated columns (Keyword01..Keyword10, Int01..Int03, ...).
 * Checked here so the error names the attributes and comes before any change; the server's is
 * "cannot have more than 10 search attribute of type Keyword" (INVALID_ARGUMENT).
 */
export const sqlVisibilityLimits: Record<SearchAttributeTypeName, number> = {
  Text: 3,
  Keyword: 10,
  Int: 3,
  Double: 3,
  Bool: 3,
  Datetime: 3,
  KeywordList: 3,
};

export interface NamespaceSetup {
  namespace: string;
  searchAttributes: Record<string, SearchAttributeTypeName>;
  /** Go duration syntax, e.g. `720h`; left alone when absent. */
  retention?: string;
}

export interface NamespaceSetupResult {
  addedSearchAttributes: string[];
  /** Retention before the update, when it was changed. */
  retentionChangedFrom?: string;
}

export async function ensureNamespaceReady(
  connection: Connection,
  { namespace, searchAttributes, retention }: NamespaceSetup,
): Promise<NamespaceSetupResult> {
  checkLimits(namespace, searchAttributes);
  const retentionMs = retention === undefined ? undefined : parseGoDuration(retention);

  const existing = await listCustomAttributes(connection, namespace);
  const missing: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
  for (const [name, type] of Object.entries(searchAttributes)) {
    const current = existing.get(name);
    if (current === undefined) missing[name] = indexedValueTypes[type];
    // Must be caught here: the server silently ignores adding an existing name with another type.
    else if (current !== indexedValueTypes[type]) {
      throw new Error(
        `Search attribute ${name} is registered in namespace ${namespace} as ${typeName(current)}, but the app needs ${type}. ` +
          'A registered attribute cannot change type; remove it (temporal operator search-attribute remove) or reset the dev database.',
      );
    }
  }
  checkLimits(namespace, {
    ...Object.fromEntries([...existing].map(([n, t]) => [n, typeName(t)])),
    ...searchAttributes,
  });

  const addedSearchAttributes = Object.keys(missing);
  if (addedSearchAttributes.length > 0) {
    try {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
    } catch (err) {
      // The API and the worker start together and may race to add the same attributes; whatever
      // the loser's error (ALREADY_EXISTS or a conflict), it's fine if they are now there with our types.
      const now = await listCustomAttributes(connection, namespace);
      if (addedSearchAttributes.some((name) => now.get(name) !== missing[name])) throw err;
    }
  }

  let retentionChangedFrom: string | undefined;
  if (retentionMs !== undefined) {
    const described = await connection.workflowService.describeNamespace({ namespace });
    const currentMs = tsToMs(described.config?.workflowExecutionRetentionTtl);
    if (currentMs !== retentionMs) {
      await connection.workflowService.updateNamespace({
        namespace,
        config: { workflowExecutionRetentionTtl: msNumberToTs(retentionMs) },
      });
      retentionChangedFrom = `${currentMs / 3_600_000}h`;
    }
  }
  return { addedSearchAttributes, ...(retentionChangedFrom ? { retentionChangedFrom } : {}) };
}

async function listCustomAttributes(
  connection: Connection,
  namespace: string,
): Promise<Map<string, temporal.api.enums.v1.IndexedValueType>> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  return new Map(Object.entries(customAttributes ?? {}));
}

function typeName(type: temporal.api.enums.v1.IndexedValueType): string {
  const entry = Object.entries(indexedValueTypes).find(([, value]) => value === type);
  return entry?.[0] ?? `IndexedValueType ${type}`;
}

function checkLimits(namespace: string, attributes: Record<string, string>): void {
  for (const type of searchAttributeTypeNames) {
    const names = Object.keys(attributes).filter((name) => attributes[name] === type);
    const limit = sqlVisibilityLimits[type];
    if (names.length > limit) {
      throw new Error(
        `Namespace ${namespace} would have ${names.length} ${type} search attributes (${names.join(', ')}); ` +
          `SQL visibility (the dev server's SQLite) allows at most ${limit}.`,
      );
    }
  }
}

const durationUnitsMs: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** Parses Go duration syntax as used by the Temporal CLI (`720h`, `1h30m`, `90s`); returns ms. */
export function parseGoDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new Error(`"${text}" is not a duration like 720h, 1h30m or 90s`);
  }
  return parts.reduce(
    (sum, [, amount, unit]) => sum + Number(amount) * (durationUnitsMs[unit ?? ''] ?? 0),
    0,
  );
}
