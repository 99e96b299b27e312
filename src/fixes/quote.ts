// String literals for every language the fixes are written in. Values come from web pages
// (an origin, header names), so each quoter escapes everything that could end the literal,
// start an interpolation, or split a line: a hostile value stays inside its string.

function hex(codeUnit: number, width: number): string {
  return codeUnit.toString(16).padStart(width, "0");
}

/** Escapes control characters, quotes and backslashes in the C family way (`\n`, `\uXXXX`). */
function cStyle(value: string, quote: string, escapeOther: (char: string, code: number) => string | undefined): string {
  let out = "";
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    const special = escapeOther(char, code);
    if (special !== undefined) out += special;
    else if (char === quote || char === "\\") out += `\\${char}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else out += char;
  }
  return `${quote}${out}${quote}`;
}

const isControl = (code: number): boolean => code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029;

/** JavaScript / TypeScript: JSON string syntax is valid JS; line separators escaped too. */
export function jsString(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Python: a plain (non-f) double-quoted string. */
export function pythonString(value: string): string {
  return cStyle(value, '"', (_char, code) => {
    if (!isControl(code)) return undefined;
    return code < 0x100 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
  });
}

/** Go interpreted string literal. */
export function goString(value: string): string {
  return cStyle(value, '"', (_char, code) => (isControl(code) && code < 0x80 ? `\\x${hex(code, 2)}` : undefined));
}

/** Java: never `\uXXXX` (Java translates those before lexing, so `\u000a` would end the line). */
export function javaString(value: string): string {
  return cStyle(value, '"', (_char, code) => (isControl(code) && code < 0x100 ? `\\${code.toString(8).padStart(3, "0")}` : undefined));
}

/** C#: a regular string literal; `\u` takes exactly four digits (unlike the variable-length `\x`). */
export function csharpString(value: string): string {
  return cStyle(value, '"', (_char, code) => (isControl(code) ? `\\u${hex(code, 4)}` : undefined));
}

/** Ruby double-quoted string: `#` is escaped so `#{…}` cannot interpolate. */
export function rubyString(value: string): string {
  return cStyle(value, '"', (char, code) => {
    if (char === "#") return "\\#";
    if (isControl(code)) return `\\u${hex(code, 4)}`;
    return undefined;
  });
}

/** PHP single-quoted string: only `\` and `'` are special; nothing interpolates. */
export function phpString(value: string): string {
  return `'${value.replace(/[\\']/g, (char) => `\\${char}`)}'`;
}

/** JSON (S3, GCS, API Gateway configuration). */
export function jsonString(value: string): string {
  return JSON.stringify(value);
}

/** Removes characters no configuration line may hold (a newline would start a new directive). */
function withoutControls(value: string): string {
  return [...value].filter((char) => !isControl(char.codePointAt(0) ?? 0)).join("");
}

/**
 * nginx quoted parameter. `$` starts a variable in most directives and nginx has no escape for
 * it, so callers must not pass values with `$` to directives that interpolate (see nginxRegex).
 */
export function nginxString(value: string): string {
  return `"${withoutControls(value).replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/**
 * A quoted regex matching exactly `value` (or any one of `values`), for nginx
 * (`if ($http_origin ~ …)`) and Apache (`SetEnvIf`). Neither interpolates a regex, so `\$` is a
 * literal dollar. Both config parsers turn `\\` into `\` and `\"` into `"` inside quotes and keep
 * any other backslash, so only those two characters need a second level of escaping. `capture`
 * wraps the alternatives in a group ($1). No value at all gives a regex that matches nothing.
 */
export function quotedExactRegex(values: string | readonly string[], options: { readonly capture?: boolean } = {}): string {
  const list = typeof values === "string" ? [values] : values;
  const alternatives = list.map((value) => {
    let pattern = "";
    for (const char of withoutControls(value)) {
      if (/[A-Za-z0-9:/_-]/.test(char)) pattern += char;
      else if (char === "\\") pattern += "\\\\\\\\";
      else if (char === '"') pattern += '\\\\\\"';
      else pattern += `\\${char}`;
    }
    return pattern;
  });
  const body = alternatives.length === 0 ? "(?!)" : alternatives.join("|");
  const grouped = options.capture ? `(${body})` : alternatives.length > 1 ? `(?:${body})` : body;
  return `"^${grouped}$"`;
}

/** Apache httpd quoted argument; `%` is doubled because `Header` values are format strings. */
export function apacheString(value: string, options: { readonly format?: boolean } = {}): string {
  let text = withoutControls(value).replace(/[\\"]/g, (char) => `\\${char}`);
  if (options.format) text = text.replace(/%/g, "%%");
  return `"${text}"`;
}

/** Caddyfile quoted token; braces are escaped so `{placeholder}` cannot expand. */
export function caddyString(value: string): string {
  return `"${withoutControls(value).replace(/[\\"{}]/g, (char) => `\\${char}`)}"`;
}
