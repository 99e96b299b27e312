// Flask with flask-cors: CORS(app, origins=, methods=, allow_headers=, expose_headers=,
// supports_credentials=, max_age=, resources=).
import { composeFix, list, preflightRejected } from "../compose";
import { firstEvidence, headerEvidence } from "../headers";
import { planFrom } from "../plan";
import { pythonString } from "../quote";
import type { StackFixer } from "../types";

export const flask: StackFixer = {
  id: "flask",
  label: "Flask (flask-cors)",
  detect: (headers) =>
    firstEvidence(
      () => headerEvidence(headers, "server", /werkzeug/i),
      () => headerEvidence(headers, "server", /gunicorn|waitress/i),
    ),
  render(context) {
    const plan = planFrom(context);
    const lines = [
      "from flask_cors import CORS",
      "",
      "# Right after app = Flask(__name__), before registering auth hooks and blueprints.",
      "CORS(",
      "    app,",
      `    origins=${list(plan.origins, pythonString)},`,
      `    methods=${list(plan.methods, pythonString)},`,
      `    allow_headers=${list(plan.requestHeaders, pythonString)},`,
      plan.exposeHeaders.length > 0 ? `    expose_headers=${list(plan.exposeHeaders, pythonString)},` : undefined,
      `    supports_credentials=${plan.credentials ? "True" : "False"},`,
      `    max_age=${plan.maxAge},`,
      ")",
      "",
      "",
      "# flask-cors adds Vary: Origin only when several origins are listed; every answer needs it, so",
      "# that a cache never hands one origin's answer (or one without Origin) to another.",
      "@app.after_request",
      "def vary_on_origin(response):",
      '    response.vary.add("Origin")',
      "    return response",
    ].filter((line) => line !== undefined);
    return composeFix(this, plan, {
      language: "python",
      snippet: lines.join("\n"),
      where: "The module that creates the Flask app, right after `app = Flask(__name__)`.",
      why: "flask-cors answers the preflight automatically (automatic_options) and echoes a listed origin; the after_request hook adds Vary: Origin to every answer (flask-cors does so only for several origins).",
      warnings: [
        preflightRejected(plan) && "A before_request hook that checks authentication also runs for OPTIONS: return early when request.method == \"OPTIONS\", or the preflight gets its 401/403.",
        "flask-cors defaults are origins=\"*\" and allow_headers=\"*\": every value is set explicitly here.",
        "Errors raised before flask-cors runs (e.g. in a WSGI middleware or the web server) carry no CORS headers.",
      ],
    });
  },
};
