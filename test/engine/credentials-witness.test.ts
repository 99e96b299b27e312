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

describe("a credentials mode stated by the reader of a recording (the HAR reader's --credentials)", () => {
  it("decides like a witness, and says it was stated, not observed", () => {
    const stated = exchange({ response: respond(200, { [ACAO]: "*" }), blocked: true });
    const observed: ObservedExchange = { ...stated, credentialsWitness: { mode: "include", via: "stated" } };
    expect(diagnose(observed).code).toBe("WildcardOriginNotAllowed");
    expect(credentialsMode(observed)?.evidence).toMatch(/^The credentials mode 'include' was stated by whoever read this recording: it was not observed/);
  });

  it("keeps a stated witness through the engine's defensive copy, and still drops an unknown `via`", () => {
    const base = exchange({ response: respond(200, { [ACAO]: PAGE }) });
    const bogus = { ...base, credentialsWitness: { mode: "include", via: "rumour" } } as unknown as ObservedExchange;
    expect(credentialsMode(bogus)?.value).not.toBe("include");
  });
});

describe("facts an observer inferred itself (observerFacts)", () => {
  it("come first among the diagnosis' inferred facts; malformed ones are dropped", () => {
    const observed = {
      ...exchange({ response: respond(200, { [ACAO]: PAGE }) }),
      observerFacts: [{ fact: "initiator", value: PAGE, evidence: "from the Referer" }, { fact: 3 }, null],
    } as unknown as ObservedExchange;
    const inferred = diagnose(observed).inferred;
    expect(inferred[0]).toEqual({ fact: "initiator", value: PAGE, evidence: "from the Referer" });
    expect(inferred.filter((fact) => fact.evidence === "from the Referer")).toHaveLength(1);
  });
});
