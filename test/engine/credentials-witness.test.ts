// The page's own report of its credentials mode (the Firefox build's witness) in place of the
// assumption Firefox forces without a Cookie: what it decides, what it cannot override, and that a
// malformed one is ignored.
import { describe, expect, it } from "vitest";
import { diagnose, outcomeOf, type ObservedExchange } from "../../src/engine";
import type { CredentialsWitness } from "../../src/engine/types";
import { answered, exchange, PAGE, respond, type ExchangeSpec } from "./fixtures";

const ACAO = "Access-Control-Allow-Origin";
const ACAC = "Access-Control-Allow-Credentials";
const firefox = (spec: ExchangeSpec, credentialsWitness?: CredentialsWitness): ObservedExchange => ({
  ...exchange(spec),
  browser: "firefox",
  ...(credentialsWitness ? { credentialsWitness } : {}),
});
const include: CredentialsWitness = { mode: "include", via: "fetch" };
const credentialsMode = (e: ObservedExchange) => diagnose(e).inferred.find((fact) => fact.fact === "credentials-mode");

describe("credentials witness", () => {
  it("credentials-without-acac: a witnessed 'include' decides the refusal Firefox hides", () => {
    const observed = firefox({ response: respond(200, { [ACAO]: PAGE }) }, include);
    const diagnosis = diagnose(observed);
    expect(diagnosis.verdict).toBe("blocked");
    expect(diagnosis.code).toBe("InvalidAllowCredentials");
    expect(diagnosis.firefoxReason?.key).toBe("CORSMissingAllowCredentials");
    expect(outcomeOf(observed)).toBe("blocked");
    expect(credentialsMode(observed)).toMatchObject({ value: "include", evidence: expect.stringMatching(/^The page called fetch with credentials: 'include' .*forge/) });
    expect(diagnosis.advisories.map((a) => a.id)).not.toContain("credentials-assumed");
  });

  it("xhr-with-credentials-wildcard: withCredentials = true against ACAO *", () => {
    const observed = firefox({ response: respond(200, { [ACAO]: "*" }) }, { mode: "include", via: "xhr" });
    expect(diagnose(observed).firefoxReason?.key).toBe("CORSNotSupportingCredentials");
    expect(outcomeOf(observed)).toBe("blocked");
    expect(credentialsMode(observed)?.evidence).toMatch(/^The page sent its XHR with withCredentials = true/);
  });

  it("a witnessed 'omit' or 'same-origin' replaces the 'include' the server's ACAC would make the engine assume", () => {
    for (const mode of ["omit", "same-origin"] as const) {
      const observed = firefox({ response: respond(200, { [ACAO]: "*", [ACAC]: "true" }) }, { mode, via: "fetch" });
      expect(diagnose(observed).verdict, mode).toBe("allowed");
      expect(outcomeOf(observed), mode).toBe("allowed");
      expect(credentialsMode(observed), mode).toMatchObject({ value: "omit or same-origin", evidence: expect.stringContaining(`credentials: '${mode}'`) });
    }
  });

  it("a preflight replayed under the witnessed mode", () => {
    const observed = { ...firefox({ method: "PUT", preflight: answered(204, { [ACAO]: "*", "Access-Control-Allow-Methods": "PUT" }), blocked: true }, include), error: "NS_ERROR_DOM_BAD_URI" };
    expect(diagnose(observed).code).toBe("PreflightWildcardOriginNotAllowed");
  });

  it("never overrides a Cookie: the cookie proves credentials whatever the page says", () => {
    const observed = firefox({ cookie: true, response: respond(200, { [ACAO]: PAGE }) }, { mode: "omit", via: "fetch" });
    expect(diagnose(observed).code).toBe("InvalidAllowCredentials");
    expect(credentialsMode(observed)?.evidence).toMatch(/Cookie header/);
  });

  it("ignores a malformed witness (a stored record read back)", () => {
    const observed = { ...firefox({ response: respond(200, { [ACAO]: PAGE }) }), credentialsWitness: { mode: "sometimes", via: "fetch" } } as unknown as ObservedExchange;
    expect(diagnose(observed).verdict).toBe("allowed");
    const stored = JSON.parse(JSON.stringify(firefox({ response: respond(200, { [ACAO]: PAGE }) }, include))) as ObservedExchange;
    expect(diagnose(stored).verdict).toBe("blocked");
  });
});
