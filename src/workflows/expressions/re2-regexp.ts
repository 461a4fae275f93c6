import { RE2JS } from 're2js';

/**
 * The regular expressions of user expressions, on re2js: RE2 semantics, matching in time linear in
 * the input, so `/^(a+)+$/` cannot stall a workflow task or the API. Pure JavaScript without Node
 * built-ins, so it runs in the workflow sandbox too.
 *
 * JSONata's `RegexEngine` option: it constructs one from the RegExp its parser made of a `/…/flags`
 * literal and uses only `lastIndex` and `exec` (see jsonata.js `evaluateRegex`). Patterns RE2 does
 * not support (lookaround, backreferences) fail to compile, which the evaluator reports as an
 * expression error.
 */
export class Re2RegExp {
  lastIndex = 0;
  readonly source: string;
  private readonly pattern: RE2JS;

  constructor(regexp: RegExp | string) {
    const source = typeof regexp === 'string' ? regexp : regexp.source;
    const flags = typeof regexp === 'string' ? '' : regexp.flags;
    this.source = source;
    this.pattern = compileRe2(source, flags);
  }

  /** RegExp#exec with the global flag's contract: searches from `lastIndex`, then moves it. */
  exec(text: string): RegExpExecArray | null {
    if (this.lastIndex > text.length) {
      this.lastIndex = 0;
      return null;
    }
    const matcher = this.pattern.matcher(text);
    if (!matcher.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const groups: (string | undefined)[] = [];
    for (let i = 0; i <= matcher.groupCount(); i++) groups.push(matcher.group(i) ?? undefined);
    const result = Object.assign(groups, {
      index: matcher.start(),
      input: text,
    }) as unknown as RegExpExecArray;
    this.lastIndex = matcher.end();
    return result;
  }

  test(text: string): boolean {
    return this.exec(text) !== null;
  }
}

/** Compiles a JavaScript-flavoured pattern and flags (`i`, `m`, `s`; `g` is how JSONata always searches). */
export function compileRe2(source: string, flags = ''): RE2JS {
  let options = 0;
  if (flags.includes('i')) options |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) options |= RE2JS.MULTILINE;
  if (flags.includes('s')) options |= RE2JS.DOTALL;
  return RE2JS.compile(source, options);
}
