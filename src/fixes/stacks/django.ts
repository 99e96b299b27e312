// Django with django-cors-headers: CORS_ALLOWED_ORIGINS, CORS_ALLOW_METHODS, CORS_ALLOW_HEADERS,
// CORS_EXPOSE_HEADERS, CORS_ALLOW_CREDENTIALS, CORS_PREFLIGHT_MAX_AGE, CORS_URLS_REGEX.
import { composeFix, list, preflightRejected } from "../compose";
import type { HeaderList } from "../../engine/types";
import { cookieEvidence, firstEvidence, headerEvidence, headerValues } from "../headers";
import { planFrom } from "../plan";
import { pythonString } from "../quote";
import type { StackFixer } from "../types";

/** Django's SecurityMiddleware and clickjacking defaults: X-Frame-Options DENY + Referrer-Policy same-origin. */
function djangoSecurityEvidence(headers: HeaderList): string | undefined {
  const frame = headerValues(headers, "x-frame-options")[0] ?? "";
  const referrer = headerValues(headers, "referrer-policy")[0] ?? "";
  if (frame === "DENY" && referrer === "same-origin") {
    return "X-Frame-Options: DENY with Referrer-Policy: same-origin (Django's security defaults)";
  }
  return undefined;
}

function pathRegex(prefix: string): string {
  return `^${prefix.replace(/[^A-Za-z0-9/]/g, (char) => `\\${char}`)}.*$`;
}

export const django: StackFixer = {
  id: "django",
  label: "Django (django-cors-headers)",
  detect: (headers) =>
    firstEvidence(
      () => headerEvidence(headers, "server", /WSGIServer/i),
      () => cookieEvidence(headers, /^(csrftoken|sessionid|django_language)$/),
      () => djangoSecurityEvidence(headers),
      () => headerEvidence(headers, "server", /gunicorn|daphne/i),
    ),
  render(context) {
    const plan = planFrom(context);
    const lines = [
      "# settings.py (pip install django-cors-headers)",
      'INSTALLED_APPS += ["corsheaders"]',
      "# As high as possible: before CommonMiddleware, WhiteNoise and any authentication middleware.",
      'MIDDLEWARE.insert(0, "corsheaders.middleware.CorsMiddleware")',
      "",
      `CORS_ALLOWED_ORIGINS = ${list(plan.origins, pythonString)}`,
      `CORS_ALLOW_METHODS = ${list(plan.methods, pythonString)}`,
      `CORS_ALLOW_HEADERS = ${list(plan.requestHeaders, pythonString)}`,
      plan.exposeHeaders.length > 0 ? `CORS_EXPOSE_HEADERS = ${list(plan.exposeHeaders, pythonString)}` : undefined,
      `CORS_ALLOW_CREDENTIALS = ${plan.credentials ? "True" : "False"}`,
      `CORS_PREFLIGHT_MAX_AGE = ${plan.maxAge}`,
      plan.pathPrefix === "/" ? undefined : `CORS_URLS_REGEX = ${pythonString(pathRegex(plan.pathPrefix))}`,
    ].filter((line) => line !== undefined);
    return composeFix(this, plan, {
      language: "python",
      snippet: lines.join("\n"),
      where: "Your project's settings.py, after INSTALLED_APPS and MIDDLEWARE are defined.",
      why: "CorsMiddleware answers the preflight itself and echoes a listed origin with Vary: Origin.",
      warnings: [
        preflightRejected(plan) && "The middleware that rejected the preflight sits above CorsMiddleware: CorsMiddleware must be first so it answers OPTIONS before authentication.",
        "CORS_ALLOW_HEADERS and CORS_ALLOW_METHODS replace the defaults: add any other header or method your API expects (corsheaders.defaults has the default lists).",
        "Never set CORS_ALLOW_ALL_ORIGINS = True together with CORS_ALLOW_CREDENTIALS = True: it reflects every origin.",
        plan.credentials && "Cross-site cookies also need SESSION_COOKIE_SAMESITE = \"None\" with SESSION_COOKIE_SECURE = True, and a PUT/POST/DELETE needs the page's origin in CSRF_TRUSTED_ORIGINS.",
      ],
    });
  },
};
