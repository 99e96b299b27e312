// Redirect failures are often fixed somewhere else than on the server that failed the check: on
// the server that redirected (answer the API call with 401 instead of a login redirect, redirect
// without user:password@, keep the API on one origin) or in the page (call the final URL
// directly). This module turns the engine's RedirectRequirement into one advice shown before the
// per-stack fixes. It never suggests allowing the origin null.
import type { RedirectRequirement } from "../engine/types";
import { jsString } from "./quote";
import type { Fix, FixContext } from "./types";

export const REDIRECT_ADVICE_ID = "redirect";

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function withoutQuery(url: string): string {
  return url.replace(/[?#].*$/, "");
}

function withoutUserinfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1");
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "/";
  }
}

function snippetFor(redirect: RedirectRequirement, target: string): { language: string; snippet: string; where: string } {
  const from = originOf(redirect.from);
  switch (redirect.kind) {
    case "login":
      return {
        language: "js",
        where: `The session check of the server at ${from} (the middleware that redirects to ${originOf(redirect.to)}), and the page's fetch wrapper.`,
        snippet: [
          `// On ${from}: API calls with an expired session get 401, page loads keep the login redirect.`,
          "if (!session.valid) {",
          `  if (request.headers["sec-fetch-mode"] !== "navigate") {`,
          `    // fetch / XHR from ${redirect.pageOrigin}: no redirect, a status the page can act on`,
          `    return response.status(401).json({ error: "session expired", login: ${jsString(withoutQuery(redirect.to))} });`,
          "  }",
          `  return response.redirect(${redirect.status}, ${jsString(withoutQuery(redirect.to))});`,
          "}",
          "",
          `// In the page at ${redirect.pageOrigin}:`,
          `const answer = await fetch(${jsString(pathOf(redirect.from))});`,
          "if (answer.status === 401) location.assign((await answer.json()).login);",
        ].join("\n"),
      };
    case "credentials-in-location":
      return {
        language: "http",
        where: `The redirect sent by ${from}.`,
        snippet: [
          `# ${from} answers ${redirect.pageOrigin}'s request with:`,
          `HTTP/1.1 ${redirect.status}`,
          `Location: ${withoutUserinfo(redirect.to)}`,
          "# and the credentials go in a header (Authorization) or a token, never in the URL.",
        ].join("\n"),
      };
    case "tainted-origin":
      return {
        language: "js",
        where: `The page at ${redirect.pageOrigin}, or the redirect at ${from}.`,
        snippet: [
          `// In the page at ${redirect.pageOrigin}: call the final URL directly, so that the browser`,
          `// sends Origin: ${redirect.pageOrigin} (after the redirect at ${from} it sends Origin: null).`,
          `fetch(${jsString(withoutQuery(target))});`,
          `// Or make ${from} answer the request itself (or proxy it) instead of redirecting to ${originOf(target)}.`,
          "// Do not allow the origin null on the target: every sandboxed iframe and file: page sends it.",
        ].join("\n"),
      };
    default:
      return {
        language: "js",
        where: `The page at ${redirect.pageOrigin}, or the server at ${from} that redirected.`,
        snippet: [
          `// Call the final URL directly from ${redirect.pageOrigin} instead of going through the ${redirect.status} at ${from}:`,
          `fetch(${jsString(withoutQuery(target))});`,
          `// (or serve ${originOf(target)} under ${redirect.pageOrigin} through a proxy, and the request stays same-origin)`,
        ].join("\n"),
      };
  }
}

/** The advice for a blocked request a redirect played a part in; undefined for the others. */
export function redirectAdviceFix(context: FixContext): Fix | undefined {
  const redirect = context.requirements.redirect;
  if (!redirect) return undefined;
  const target = context.requirements.serverOrigin + context.requirements.path;
  const { language, snippet, where } = snippetFor(redirect, target);
  const warnings =
    redirect.originSent === "null"
      ? [
          "Allowing Origin null (Access-Control-Allow-Origin: null) would make this request pass and every sandboxed or file: page of any site with it; the stack fixes below allow the page's own origin, which the browser sends once the redirect is gone.",
        ]
      : [];
  return {
    stack: REDIRECT_ADVICE_ID,
    title: "Where the fix belongs: the redirect",
    language,
    snippet,
    where,
    why: redirect.advice,
    warnings,
  };
}
