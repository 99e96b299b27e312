// A small lexer for the snippet languages without a parser on this machine: it splits a snippet
// into string literals (decoded) and the code outside them, so a test can show that a hostile
// value ends up inside one literal and nowhere else.

export interface LexResult {
  readonly literals: string[];
  /** Code outside string literals and comments. */
  readonly code: string;
}

interface LanguageRules {
  readonly quotes: readonly string[];
  readonly comments: readonly string[];
  /** Decodes the escape starting after a backslash; returns the text and characters consumed. */
  decode(rest: string, quote: string): readonly [string, number];
}

function cEscape(rest: string): readonly [string, number] {
  const char = rest[0] ?? "";
  const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", "\\": "\\", '"': '"', "'": "'", "#": "#", "0": "\0", b: "\b", f: "\f", a: "\u0007", v: "\v" };
  if (char === "x") return [String.fromCharCode(parseInt(rest.slice(1, 3), 16)), 3];
  if (char === "u") return [String.fromCharCode(parseInt(rest.slice(1, 5), 16)), 5];
  if (/[0-7]/.test(char) && /^[0-7]{3}/.test(rest)) return [String.fromCharCode(parseInt(rest.slice(0, 3), 8)), 3];
  if (char in simple) return [simple[char] ?? "", 1];
  return [`\\${char}`, 1];
}

export const RULES: Record<string, LanguageRules> = {
  go: { quotes: ['"'], comments: ["//"], decode: cEscape },
  java: { quotes: ['"'], comments: ["//"], decode: cEscape },
  csharp: { quotes: ['"'], comments: ["//"], decode: cEscape },
  ruby: { quotes: ['"'], comments: ["#"], decode: cEscape },
  js: { quotes: ['"', "'"], comments: ["//"], decode: cEscape },
  ts: { quotes: ['"', "'"], comments: ["//"], decode: cEscape },
  python: { quotes: ['"', "'"], comments: ["#"], decode: cEscape },
  php: {
    quotes: ["'"],
    comments: ["//", "#"],
    decode: (rest) => (rest[0] === "\\" || rest[0] === "'" ? [rest[0], 1] : [`\\${rest[0] ?? ""}`, 1]),
  },
  json: { quotes: ['"'], comments: [], decode: cEscape },
  // Config files: the strings are checked by the real parsers; this only finds the quoted spans.
  nginx: { quotes: ['"'], comments: ["#"], decode: (rest) => [rest[0] ?? "", 1] },
  apache: { quotes: ['"'], comments: ["#"], decode: (rest) => [rest[0] ?? "", 1] },
  caddy: { quotes: ['"'], comments: ["#"], decode: (rest) => [rest[0] ?? "", 1] },
};

export function lex(source: string, language: string): LexResult {
  const rules = RULES[language];
  if (!rules) throw new Error(`no lexer rules for ${language}`);
  const literals: string[] = [];
  let code = "";
  let index = 0;
  while (index < source.length) {
    const rest = source.slice(index);
    const comment = rules.comments.find((prefix) => rest.startsWith(prefix));
    if (comment && (index === 0 || /\s/.test(source[index - 1] ?? ""))) {
      const end = source.indexOf("\n", index);
      index = end === -1 ? source.length : end;
      continue;
    }
    const quote = rules.quotes.find((candidate) => rest.startsWith(candidate));
    if (!quote) {
      code += source[index];
      index += 1;
      continue;
    }
    let value = "";
    index += 1;
    for (;;) {
      const char = source[index];
      if (char === undefined) throw new Error(`unterminated ${quote} literal in ${language}`);
      if (char === "\\") {
        const [text, used] = rules.decode(source.slice(index + 1), quote);
        value += text;
        index += 1 + used;
      } else if (char === quote) {
        index += 1;
        break;
      } else {
        value += char;
        index += 1;
      }
    }
    literals.push(value);
    code += quote + quote;
  }
  return { literals, code };
}
