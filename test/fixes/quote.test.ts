// Properties of the per-language quoters: any string, once quoted, decodes back to itself and
// leaves nothing outside the literal; config quoters never let a value end its quoted token.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildFixes, STACKS } from "../../src/fixes/index";
import {
  apacheString,
  caddyString,
  csharpString,
  goString,
  javaString,
  jsString,
  jsonString,
  nginxString,
  phpString,
  pythonString,
  rubyString,
} from "../../src/fixes/quote";
import { context } from "./contexts";
import { lex } from "./literals";

// Any BMP character outside the surrogate range, with the troublemakers made likely.
const character = fc.oneof(
  fc.constantFrom('"', "'", "`", "\\", "$", "{", "}", "#", "%", "\n", "\r", "\t", "\0", "\u2028", ";", "<", ">"),
  fc.integer({ min: 0, max: 0xd7ff }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0xe000, max: 0xfffd }).map((code) => String.fromCharCode(code)),
);
const hostile = fc.string({ unit: character, maxLength: 40 });

const PROGRAMMING: ReadonlyArray<readonly [string, (value: string) => string]> = [
  ["js", jsString],
  ["python", pythonString],
  ["go", goString],
  ["java", javaString],
  ["csharp", csharpString],
  ["ruby", rubyString],
  ["php", phpString],
  ["json", jsonString],
];

describe("quoters", () => {
  it.each(PROGRAMMING)("%s: any string round-trips through one literal", (language, quote) => {
    fc.assert(
      fc.property(hostile, (value) => {
        const { literals, code } = lex(quote(value), language);
        expect(literals).toEqual([value]);
        expect(code.length).toBe(2);
      }),
    );
  });

  it("JSON quoting is JSON", () => {
    fc.assert(
      fc.property(hostile, (value) => {
        expect(JSON.parse(jsonString(value))).toBe(value);
      }),
    );
  });

  it.each([
    ["nginx", nginxString],
    ["apache", (value: string) => apacheString(value, { format: true })],
    ["caddy", caddyString],
  ] as const)("%s: a value stays one quoted token on one line", (language, quote) => {
    fc.assert(
      fc.property(hostile, (value) => {
        const quoted = quote(value);
        expect(quoted).not.toMatch(/[\n\r]/);
        const { literals, code } = lex(quoted, language);
        expect(literals).toHaveLength(1);
        expect(code).toBe('""');
      }),
    );
  });
});

describe("buildFixes", () => {
  it("never throws and always returns one fix per stack, whatever the requirements", () => {
    fc.assert(
      fc.property(
        hostile,
        fc.array(hostile, { maxLength: 4 }),
        fc.array(hostile, { maxLength: 4 }),
        fc.boolean(),
        hostile,
        (origin, methods, requestHeaders, credentials, path) => {
          const fixes = buildFixes(context({ origin, methods, requestHeaders, credentials, path, preflight: true }));
          expect(fixes).toHaveLength(STACKS.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
