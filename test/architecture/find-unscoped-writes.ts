import ts from 'typescript';

/**
 * Finds UPDATE and DELETE statements on tenant tables that are not held to one organization.
 * Syntactic on purpose: it needs no type checker, so it runs in a second over all of src and
 * keeps working wherever colleagues move the statements, as long as they are written with drizzle.
 *
 * A write is scoped when its chained `.where(...)` is `inOrg(<same table>, ...)`, or an `and(...)`
 * with such a call among its arguments, or a `const` bound to one of those. (`updateInOrg` and
 * `softDeleteInOrg` never show up here: the table reaches them as a parameter.) A write that crosses
 * tenants on purpose carries `// tenancy: cross-tenant — <why>` directly above its statement.
 */

export interface UnscopedWrite {
  file: string;
  line: number;
  kind: 'update' | 'delete';
  table: string;
  /** What is wrong: no where at all, a where without inOrg, or a marker that gives no reason. */
  problem: string;
}

export interface CrossTenantMarker {
  file: string;
  line: number;
  reason: string;
}

export interface TenancyScan {
  /** How many writes on tenant tables were looked at, scoped or not. */
  checked: number;
  unscoped: UnscopedWrite[];
  markers: CrossTenantMarker[];
}

const MARKER = /\/\/\s*tenancy:\s*cross-tenant\b\s*(?:—|-{1,2})?\s*(.*)$/m;
/** `../../db/schema/index.js`, `./schema/agents.js`, `../db/schema`: where drizzle tables come from. */
const SCHEMA_MODULE = /(^|\/)schema(\/[\w-]+)?(\.js|\.ts)?$/;

export function scanTenancy(file: string, source: string, orgTables: ReadonlySet<string>): TenancyScan {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const tables = importedOrgTables(sourceFile, orgTables);
  const scan: TenancyScan = { checked: 0, unscoped: [], markers: [] };
  if (tables.named.size === 0 && tables.namespaces.size === 0) return scan;

  const visit = (node: ts.Node): void => {
    const write = asWrite(node, tables);
    if (write) checkWrite(sourceFile, write, scan);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return scan;
}

interface ImportedTables {
  /** Local name → the schema's table name, for `import { agents as a } from '…/schema'`. */
  named: Map<string, string>;
  /** Local names of `import * as schema from '…/schema'`. */
  namespaces: Set<string>;
  orgTables: ReadonlySet<string>;
}

function importedOrgTables(sourceFile: ts.SourceFile, orgTables: ReadonlySet<string>): ImportedTables {
  const found: ImportedTables = { named: new Map(), namespaces: new Set(), orgTables };
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!SCHEMA_MODULE.test(statement.moduleSpecifier.text)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings) continue;
    if (ts.isNamespaceImport(bindings)) {
      found.namespaces.add(bindings.name.text);
      continue;
    }
    for (const element of bindings.elements) {
      const imported = (element.propertyName ?? element.name).text;
      if (orgTables.has(imported)) found.named.set(element.name.text, imported);
    }
  }
  return found;
}

interface Write {
  call: ts.CallExpression;
  /** `update` or `delete` in `db.update(…)`: its line is the one reported. */
  method: ts.MemberName;
  kind: 'update' | 'delete';
  /** The table as written at the call (`agents`, `schema.agents`), to match inOrg's first argument. */
  tableText: string;
  table: string;
}

function asWrite(node: ts.Node, tables: ImportedTables): Write | undefined {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  const kind = node.expression.name.text;
  if (kind !== 'update' && kind !== 'delete') return undefined;
  const [argument] = node.arguments;
  if (!argument || node.arguments.length !== 1) return undefined;
  const table = tableName(argument, tables);
  return table
    ? { call: node, method: node.expression.name, kind, tableText: argument.getText(), table }
    : undefined;
}

function tableName(expression: ts.Expression, tables: ImportedTables): string | undefined {
  if (ts.isIdentifier(expression)) return tables.named.get(expression.text);
  if (
    ts.isPropertyAccessExpression(expression) &&
    ts.isIdentifier(expression.expression) &&
    tables.namespaces.has(expression.expression.text) &&
    tables.orgTables.has(expression.name.text)
  ) {
    return expression.name.text;
  }
  return undefined;
}

function checkWrite(sourceFile: ts.SourceFile, write: Write, scan: TenancyScan): void {
  const line = sourceFile.getLineAndCharacterOfPosition(write.method.getStart()).line + 1;
  scan.checked += 1;
  const at = { file: sourceFile.fileName, line, kind: write.kind, table: write.table };
  const marker = markerAbove(sourceFile, write.call);
  if (marker !== undefined) {
    if (marker.trim() === '') scan.unscoped.push({ ...at, problem: 'cross-tenant marker without a reason' });
    else scan.markers.push({ file: at.file, line, reason: marker.trim() });
    return;
  }
  const where = chainedWhere(write.call);
  if (!where) {
    scan.unscoped.push({ ...at, problem: 'no .where(...): it would change every organization' });
  } else if (!isScoped(sourceFile, where, write.tableText)) {
    scan.unscoped.push({ ...at, problem: `.where(...) is not inOrg(${write.tableText}, …)` });
  }
}

/** The argument of the `.where(...)` later in the same method chain (`.update(t).set(…).where(…)`). */
function chainedWhere(call: ts.CallExpression): ts.Expression | undefined {
  let link: ts.Expression = call;
  while (ts.isPropertyAccessExpression(link.parent) && link.parent.expression === link) {
    const next = link.parent.parent;
    if (!ts.isCallExpression(next) || next.expression !== link.parent) return undefined;
    if (link.parent.name.text === 'where') return next.arguments[0];
    link = next;
  }
  return undefined;
}

function isScoped(sourceFile: ts.SourceFile, where: ts.Expression, tableText: string): boolean {
  if (ts.isIdentifier(where)) {
    const bound = constInitializer(sourceFile, where.text);
    return bound !== undefined && isScoped(sourceFile, bound, tableText);
  }
  if (!ts.isCallExpression(where) || !ts.isIdentifier(where.expression)) return false;
  const callee = where.expression.text;
  if (callee === 'inOrg') return where.arguments[0]?.getText() === tableText;
  // `and` keeps the org filter binding; `or`, `not` and the rest could widen it.
  if (callee === 'and') return where.arguments.some((argument) => isScoped(sourceFile, argument, tableText));
  return false;
}

function constInitializer(sourceFile: ts.SourceFile, name: string): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === name &&
      node.initializer &&
      ts.isVariableDeclarationList(node.parent) &&
      (node.parent.flags & ts.NodeFlags.Const) !== 0
    ) {
      found = node.initializer;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** The reason given by a marker comment directly above the statement holding `node`, if any. */
function markerAbove(sourceFile: ts.SourceFile, node: ts.Node): string | undefined {
  const statement = enclosingStatement(node);
  const text = sourceFile.getFullText();
  for (const range of ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? []) {
    const match = MARKER.exec(text.slice(range.pos, range.end));
    if (match) return match[1] ?? '';
  }
  return undefined;
}

function enclosingStatement(node: ts.Node): ts.Node {
  let current = node;
  while (
    current.parent &&
    !ts.isBlock(current.parent) &&
    !ts.isSourceFile(current.parent) &&
    !ts.isCaseClause(current.parent) &&
    !ts.isDefaultClause(current.parent)
  ) {
    current = current.parent;
  }
  return current;
}
