// The policy file: what each server must allow, as a small, versioned JSON file a team commits
// and edits (docs/cli.md), written by the panel's *Export policy* and read by `cors-doctor verify`.
// Pure: computed from the servers' policies (policy.ts, servers.ts) and the requests they came
// from; read back with every field checked, a wrong one named by its path.
import { isExactOrigin, isHeaderName, POLICY_LIMITS, TOKEN } from "./policy-values";
import { observationOf, type ServerEntry, type ServerReport } from "./servers";

export const POLICY_FORMAT = "cors-doctor-policy";
export const POLICY_VERSION = 1;
/** Requests kept per server: enough to show where each allowance came from, bounded. */
export const POLICY_REQUESTS_PER_SERVER = 50;

/** One request a page made that the server must keep allowing. */
export interface PolicyRequest {
  readonly method: string;
  /** The URL's path, query left out. */
  readonly path: string;
  /** The page's origin. */
  readonly origin: string;
  /** Request headers it needed allowed (lower-cased, not safelisted). */
  readonly headers: readonly string[];
  readonly credentials: boolean;
}

export interface PolicyServer {
  /** scheme://host:port the requests were sent to (point it elsewhere with verify --server). */
  readonly origin: string;
  /** A public server: `*` without credentials is what it must send, to every origin. */
  readonly public: boolean;
  readonly origins: readonly string[];
  readonly methods: readonly string[];
  readonly requestHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly credentials: boolean;
  readonly requests: readonly PolicyRequest[];
}

export interface PolicyFile {
  readonly format: typeof POLICY_FORMAT;
  readonly version: typeof POLICY_VERSION;
  /** ISO 8601, when written by the panel. */
  readonly generatedAt?: string;
  readonly servers: readonly PolicyServer[];
}

function requestsOf(server: ServerReport, byId: ReadonlyMap<string, ServerEntry>): PolicyRequest[] {
  const seen = new Map<string, PolicyRequest>();
  for (const id of server.entries) {
    const entry = byId.get(id);
    if (!entry || seen.size >= POLICY_REQUESTS_PER_SERVER) continue;
    const observation = observationOf(entry);
    if (observation.origin === null || !isExactOrigin(observation.origin) || !TOKEN.test(observation.method)) continue;
    const request: PolicyRequest = {
      method: observation.method,
      path: observation.path,
      origin: observation.origin,
      headers: [...new Set(observation.requestHeaders.map((name) => name.toLowerCase()).filter(isHeaderName))].sort(),
      credentials: observation.credentials,
    };
    const key = JSON.stringify(request);
    if (!seen.has(key)) seen.set(key, request);
  }
  return [...seen.values()];
}

/** The policy file of `servers` (with the entries they were computed from). */
export function policyFile(servers: readonly ServerReport[], entries: readonly ServerEntry[], generatedAt: Date): PolicyFile {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  return {
    format: POLICY_FORMAT,
    version: POLICY_VERSION,
    generatedAt: generatedAt.toISOString(),
    servers: servers.map((server) => ({
      origin: server.origin,
      public: false,
      origins: server.policy.origins.map((part) => part.value),
      methods: server.policy.methods.map((part) => part.value),
      requestHeaders: server.policy.requestHeaders.map((part) => part.value),
      exposeHeaders: server.policy.exposeHeaders.map((part) => part.value),
      credentials: server.policy.credentials.value,
      requests: requestsOf(server, byId),
    })),
  };
}

// ── Reading ────────────────────────────────────────────────────────────────────────────────

/** A policy file that cannot be used: the message names the field and what it must be. */
export class PolicyFileError extends Error {
  override readonly name = "PolicyFileError";
}

type Json = Record<string, unknown>;

function object(value: unknown, path: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new PolicyFileError(`${path} must be an object`);
  return value as Json;
}

function list(value: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw new PolicyFileError(`${path} must be an array`);
  if (value.length > max) throw new PolicyFileError(`${path} has ${value.length} items; at most ${max}`);
  return value;
}

function strings(value: unknown, path: string, valid: (item: string) => boolean, what: string, max: number): string[] {
  return list(value ?? [], path, max).map((item, index) => {
    if (typeof item !== "string" || !valid(item)) throw new PolicyFileError(`${path}[${index}] must be ${what} (got ${JSON.stringify(item)?.slice(0, 80)})`);
    return item;
  });
}

function one(value: unknown, path: string, valid: (item: string) => boolean, what: string): string {
  if (typeof value !== "string" || !valid(value)) throw new PolicyFileError(`${path} must be ${what} (got ${JSON.stringify(value)?.slice(0, 80)})`);
  return value;
}

function flag(value: unknown, path: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") throw new PolicyFileError(`${path} must be true or false`);
  return value;
}

const isMethod = (item: string): boolean => TOKEN.test(item) && item.length <= 20;
const isPath = (item: string): boolean => item.startsWith("/") && item.length <= 2_000;

function readRequest(value: unknown, path: string): PolicyRequest {
  const raw = object(value, path);
  return {
    method: one(raw.method ?? "GET", `${path}.method`, isMethod, "an HTTP method"),
    path: one(raw.path ?? "/", `${path}.path`, isPath, "a path starting with /"),
    origin: one(raw.origin, `${path}.origin`, isExactOrigin, "an origin such as https://app.example.com"),
    headers: strings(raw.headers, `${path}.headers`, isHeaderName, "a header name", POLICY_LIMITS.headers).map((name) => name.toLowerCase()),
    credentials: flag(raw.credentials, `${path}.credentials`),
  };
}

function readServer(value: unknown, path: string): PolicyServer {
  const raw = object(value, path);
  return {
    origin: one(raw.origin, `${path}.origin`, isExactOrigin, "the server's origin, such as https://api.example.com"),
    public: flag(raw.public, `${path}.public`),
    origins: strings(raw.origins, `${path}.origins`, isExactOrigin, "an exact origin (never * or null)", POLICY_LIMITS.origins),
    methods: strings(raw.methods, `${path}.methods`, isMethod, "an HTTP method", POLICY_LIMITS.methods),
    requestHeaders: strings(raw.requestHeaders, `${path}.requestHeaders`, isHeaderName, "a header name", POLICY_LIMITS.headers).map((name) => name.toLowerCase()),
    exposeHeaders: strings(raw.exposeHeaders, `${path}.exposeHeaders`, isHeaderName, "a header name", POLICY_LIMITS.headers).map((name) => name.toLowerCase()),
    credentials: flag(raw.credentials, `${path}.credentials`),
    requests: list(raw.requests ?? [], `${path}.requests`, 1_000).map((request, index) => readRequest(request, `${path}.requests[${index}]`)),
  };
}

/** A parsed JSON value as a policy file; PolicyFileError naming the first wrong field. */
export function readPolicyFile(value: unknown): PolicyFile {
  const raw = object(value, "the file");
  if (raw.format !== POLICY_FORMAT) throw new PolicyFileError(`format must be "${POLICY_FORMAT}" (got ${JSON.stringify(raw.format)?.slice(0, 60)})`);
  if (raw.version !== POLICY_VERSION) throw new PolicyFileError(`version ${JSON.stringify(raw.version)} is not one this cors-doctor reads (it reads version ${POLICY_VERSION})`);
  const servers = list(raw.servers, "servers", 100).map((server, index) => readServer(server, `servers[${index}]`));
  return {
    format: POLICY_FORMAT,
    version: POLICY_VERSION,
    ...(typeof raw.generatedAt === "string" ? { generatedAt: raw.generatedAt } : {}),
    servers,
  };
}
