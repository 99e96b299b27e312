// A server's cache notes in the server view: requests a cache answered with a response stored for
// another origin (the engine's "served-from-cache"), the risk before it bites (an allowed,
// cacheable response that echoes the origin without Vary: Origin: "vary-origin"), and what each
// common CDN or proxy needs so that it keeps one copy per Origin, the one seen in the server's
// headers marked.
import type { DiagnosedEntry, HeaderList, ServerReport } from "../../shared/report";

interface CdnNote {
  readonly id: string;
  readonly name: string;
  /** Seen in a response header of the server. */
  readonly seen: (headers: HeaderList) => boolean;
  readonly note: string;
}

const has = (headers: HeaderList, name: string, pattern?: RegExp): boolean =>
  headers.some((header) => header.name.toLowerCase() === name && (pattern === undefined || pattern.test(header.value)));

const CDN_NOTES: readonly CdnNote[] = [
  {
    id: "cloudfront",
    name: "CloudFront",
    seen: (h) => has(h, "x-amz-cf-id") || has(h, "x-cache", /cloudfront/i) || has(h, "via", /cloudfront/i),
    note: "Put the Origin header in the cache policy's cache key (a header only forwarded by an origin request policy is not part of the key), or use the managed CORS policies that include it.",
  },
  {
    id: "cloudflare",
    name: "Cloudflare",
    seen: (h) => has(h, "cf-cache-status") || has(h, "cf-ray"),
    note: "Its cache does not honour Vary: Origin on ordinary responses: add a Cache Rule that puts the Origin header in the cache key, or bypass the cache for these paths.",
  },
  {
    id: "fastly",
    name: "Fastly",
    seen: (h) => has(h, "x-served-by", /cache-/i) || has(h, "fastly-debug-digest"),
    note: "Honours Vary: Origin from the origin server; in VCL, keep it (or add req.http.Origin to the hash in vcl_hash).",
  },
  {
    id: "nginx",
    name: "nginx proxy_cache",
    seen: (h) => has(h, "x-cache-status") || has(h, "server", /nginx/i),
    note: 'The default proxy_cache_key is the URL alone: use proxy_cache_key "$scheme$proxy_host$request_uri$http_origin"; and send Vary: Origin with add_header Vary Origin always.',
  },
  {
    id: "s3",
    name: "Amazon S3",
    seen: (h) => has(h, "server", /AmazonS3/i) || has(h, "x-amz-request-id"),
    note: "S3 sends Vary: Origin only when the request carries an Origin, so an <img> load leaves a copy without it in any cache in front: have that cache key on the Origin.",
  },
];

function advisoryOf(entries: readonly DiagnosedEntry[], id: string): { readonly count: number; readonly message?: string } {
  const matching = entries.flatMap((entry) => entry.diagnosis.advisories.filter((advisory) => advisory.id === id));
  return { count: matching.length, ...(matching[0] ? { message: matching[0].message } : {}) };
}

export function CacheNotes({ server, entries }: { server: ServerReport; entries: ReadonlyMap<string, DiagnosedEntry> }) {
  const own = server.entries.map((id) => entries.get(id)).filter((entry): entry is DiagnosedEntry => entry !== undefined);
  const served = advisoryOf(own, "served-from-cache");
  const risk = advisoryOf(own, "vary-origin");
  if (served.count === 0 && risk.count === 0) return null;
  const headers = own.flatMap((entry) => entry.response?.responseHeaders ?? []);
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  return (
    // A plain group under its heading, not a landmark: every server card has one.
    <div class="cd-cache-notes" data-testid="server-cache-notes">
      <h3 class="cd-section-title">Caches and Vary: Origin</h3>
      <ul class="cd-warnings">
        {served.count > 0 ? (
          <li data-testid="server-cache-served">
            {plural(served.count, "request")} got a response a cache had stored for another origin or for a no-cors load. {served.message}
          </li>
        ) : null}
        {risk.count > 0 ? (
          <li data-testid="server-cache-risk">
            Risk: {plural(risk.count, "allowed response")} echo the origin in a cacheable answer without Vary: Origin. {risk.message}
          </li>
        ) : null}
      </ul>
      <p class="cd-note">Behind a CDN or proxy, that layer must keep one copy per Origin too:</p>
      <dl class="cd-cdn-notes" data-testid="cdn-notes">
        {CDN_NOTES.map((cdn) => (
          <div key={cdn.id} data-cdn={cdn.id} data-seen={cdn.seen(headers) ? "true" : undefined}>
            <dt>
              {cdn.name}
              {cdn.seen(headers) ? <strong> (seen in this server's headers)</strong> : null}
            </dt>
            <dd>{cdn.note}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
