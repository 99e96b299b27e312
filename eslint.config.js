import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

const browserApiImports = {
  paths: [
    { name: "webextension-polyfill", message: "Pure code: no browser API. Only src/shared/browser.ts may import it." },
  ],
  patterns: [
    { group: ["**/shared/browser", "**/shared/browser.ts"], message: "Pure code: no browser API." },
    { group: ["**/background/**", "**/panel/**", "**/popup/**", "**/devtools/**"], message: "Pure code depends on nothing but pure code." },
  ],
};
const pureGlobals = [
  { name: "chrome", message: "Pure code: no browser API." },
  { name: "browser", message: "Pure code: no browser API." },
  { name: "window", message: "Pure code: no DOM." },
  { name: "document", message: "Pure code: no DOM." },
  { name: "fetch", message: "Pure code: no network." },
];

export default tseslint.config(
  { ignores: ["dist/", "dist-firefox/", "node_modules/", "artifacts/", "packages/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module", globals: { ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-syntax": [
        "error",
        { selector: "MemberExpression[property.name=/^(innerHTML|outerHTML)$/]", message: "Render page-controlled data as text." },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: "Render page-controlled data as text." },
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: "Render page-controlled data as text." },
        { selector: "CallExpression[callee.name='eval']", message: "No eval." },
        { selector: "NewExpression[callee.name='Function']", message: "No eval." },
      ],
    },
  },
  {
    files: ["src/**"],
    ignores: ["src/shared/browser.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: browserApiImports.paths }],
    },
  },
  {
    files: ["scripts/**", "bench/**", "test/**", "*.config.*"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The engine and the fix library are pure: plain data in, plain data out.
    files: ["src/engine/**", "src/fixes/**"],
    rules: {
      "no-restricted-imports": ["error", browserApiImports],
      "no-restricted-globals": ["error", ...pureGlobals],
    },
  },
);
