import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

// Boundaries between the parts of src/ (docs/architecture.md), enforced here and proved by
// test/docs/lint-boundaries.test.ts.
const polyfill = { name: "webextension-polyfill", message: "Only src/shared/browser.ts may import the browser API." };
const testHelpers = { group: ["**/test/**", "**/test"], message: "Source never imports test code." };
const browserApiImports = {
  paths: [polyfill],
  patterns: [
    { group: ["**/shared/browser", "**/shared/browser.ts"], message: "Pure code: no browser API." },
    {
      group: ["**/background/**", "**/panel/**", "**/popup/**", "**/devtools/**", "**/shared/**", "**/ui/**"],
      message: "Pure code depends on nothing but pure code: the engine and the fixes import no shared, background or UI module.",
    },
    testHelpers,
  ],
};
const uiImports = {
  paths: [polyfill],
  patterns: [
    {
      group: ["**/engine/**", "**/fixes/**"],
      message: "The UI reaches engine and fix types only through the report types in src/shared/report.ts.",
    },
    { group: ["**/background/**"], message: "The UI talks to the background only through messages (src/shared/messages.ts)." },
    { group: ["**/shared/browser", "**/shared/browser.ts"], message: "The UI reads a store, never the browser: the pages pass it a connection." },
    testHelpers,
  ],
};
const pageImports = {
  paths: [polyfill],
  patterns: [{ group: ["**/background/**"], message: "Pages talk to the background only through messages (src/shared/messages.ts)." }, testHelpers],
};
// no-restricted-imports does not see `import()`: a dynamic import across a boundary is refused here.
const dynamicImportOf = (parts, message) => ({ selector: `ImportExpression[source.value=/(^|\\/)(${parts.join("|")})\\//]`, message });
const safeSyntax = [
  { selector: "MemberExpression[property.name=/^(innerHTML|outerHTML)$/]", message: "Render page-controlled data as text." },
  { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: "Render page-controlled data as text." },
  { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: "Render page-controlled data as text." },
  { selector: "CallExpression[callee.name='eval']", message: "No eval." },
  { selector: "NewExpression[callee.name='Function']", message: "No eval." },
];
/** The pure rooms' imports, with the rooms above this one refused too. */
const pureRoom = (higher, extra = []) => ({
  ...browserApiImports,
  patterns: [
    ...browserApiImports.patterns,
    ...higher.map((room) => ({ group: [`**/${room}/**`], message: `A lower room never imports ${room}/ (docs/architecture.md).` })),
    ...extra,
  ],
});
const pureGlobals = [
  { name: "chrome", message: "Pure code: no browser API." },
  { name: "browser", message: "Pure code: no browser API." },
  { name: "window", message: "Pure code: no DOM." },
  { name: "document", message: "Pure code: no DOM." },
  { name: "fetch", message: "Pure code: no network." },
];

export default tseslint.config(
  { ignores: ["dist/", "dist-firefox/", "dist-cli/", "node_modules/", "artifacts/", "packages/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module", globals: { ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-syntax": ["error", ...safeSyntax],
    },
  },
  {
    // One idea per module and per function (docs/architecture.md): split along the seams beyond these.
    files: ["src/**"],
    rules: {
      "max-lines": ["error", { max: 400, skipBlankLines: true, skipComments: true }],
      "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ["src/**"],
    ignores: ["src/shared/browser.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: [polyfill], patterns: [testHelpers] }],
    },
  },
  {
    files: ["src/shared/browser.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [testHelpers] }],
    },
  },
  {
    files: ["scripts/**", "bench/**", "test/**", "*.config.*"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The engine, the fix library, the report's shape and the HAR reader are pure: plain data in,
    // plain data out, the same in the extension and on the command line.
    files: ["src/engine/**", "src/fixes/**", "src/report/**", "src/har/**"],
    rules: {
      "no-restricted-imports": ["error", browserApiImports],
      "no-restricted-globals": ["error", ...pureGlobals],
      "no-restricted-syntax": ["error", ...safeSyntax, dynamicImportOf(["background", "panel", "popup", "devtools", "shared", "ui", "cli"], "Pure code imports no shared, background, UI or command-line module.")],
    },
  },
  {
    // Lower rooms never import higher ones: the engine nothing, the fixes the engine, the report
    // the engine and the fixes' types, the HAR reader the engine and the report.
    files: ["src/engine/**"],
    rules: { "no-restricted-imports": ["error", pureRoom(["fixes", "report", "har", "cli"])] },
  },
  {
    files: ["src/fixes/**"],
    rules: { "no-restricted-imports": ["error", pureRoom(["report", "har", "cli"])] },
  },
  {
    files: ["src/report/**"],
    rules: { "no-restricted-imports": ["error", pureRoom(["har", "cli"])] },
  },
  {
    files: ["src/har/**"],
    rules: {
      "no-restricted-imports": ["error", pureRoom(["cli"], [{ group: ["node:*"], message: "The HAR reader knows no Node API: the panel runs it too." }])],
      "no-restricted-globals": ["error", ...pureGlobals, { name: "process", message: "The HAR reader knows no Node API." }, { name: "Buffer", message: "The HAR reader knows no Node API." }],
    },
  },
  {
    // The command line is Node glue over the pure rooms: never the extension's worker, UI or pages.
    files: ["src/cli/**"],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [polyfill],
          patterns: [
            {
              group: ["**/background/**", "**/panel/**", "**/popup/**", "**/devtools/**", "**/shared/**", "**/ui/**", "**/content/**"],
              message: "The command line imports only the engine, the fixes, the report and the HAR reader.",
            },
            testHelpers,
          ],
        },
      ],
      "no-restricted-syntax": ["error", ...safeSyntax, dynamicImportOf(["background", "panel", "popup", "devtools", "shared", "ui"], "The command line imports only the pure rooms.")],
    },
  },
  {
    files: ["src/ui/**"],
    rules: {
      "no-restricted-imports": ["error", uiImports],
      "no-restricted-syntax": ["error", ...safeSyntax, dynamicImportOf(["engine", "fixes", "background"], "The UI never loads engine, fix or background code: the pages pass the fix library to the store.")],
    },
  },
  {
    files: ["src/panel/**", "src/popup/**", "src/devtools/**", "src/content/**"],
    rules: {
      "no-restricted-imports": ["error", pageImports],
    },
  },
  {
    // The Firefox build's page-world script runs in the page's own world: no extension API there.
    files: ["src/content/page-witness.ts", "src/content/page.iife.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { ...pageImports, patterns: [...pageImports.patterns, { group: ["**/shared/browser", "**/shared/browser.ts"], message: "The page's world has no extension API." }] },
      ],
    },
  },
);
