// The lab page's script: starts each case's request the way its initiator says, and exposes
// window.labCases, window.runCase(id), window.runAll() and window.replay(count, mix) for tests.
// Every request URL carries `?case=<id>&n=<nonce>` so that observers can match it to its case.
// Plain browser JavaScript, served as is.

const cases = await (await fetch("/lab/cases.json")).json();
const byId = new Map(cases.map((labCase) => [labCase.id, labCase]));
let counter = 0;

function nonce() {
  counter += 1;
  return `${Date.now().toString(36)}-${counter}`;
}

function urlFor(labCase, n) {
  const url = new URL(labCase.url);
  // Same-origin cases follow the page wherever it is served from (localhost or another host name).
  if (labCase.target === "page") {
    url.protocol = location.protocol;
    url.host = location.host;
  }
  url.searchParams.set("case", labCase.id);
  url.searchParams.set("n", n);
  for (const [name, value] of Object.entries(labCase.request.query ?? {})) url.searchParams.set(name, value);
  return url.href;
}

function viaFetch(labCase, url) {
  const { method = "GET", headers = {}, credentials = "same-origin", body, cache = "default", redirect = "follow" } = labCase.request;
  // Each URL is unique (nonce), so the HTTP cache never answers; "no-store" would also skip the preflight cache.
  return fetch(url, { method, headers, credentials, body, cache, redirect }).then((response) =>
    response.text().then(() => ({ ok: true, status: response.status })),
  );
}

function viaXhr(labCase, url) {
  const { method = "GET", headers = {}, credentials, body } = labCase.request;
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.withCredentials = credentials === "include";
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.onload = () => resolve({ ok: true, status: xhr.status });
    xhr.onerror = () => resolve({ ok: false, error: "XMLHttpRequest network error" });
    xhr.send(body ?? null);
  });
}

function viaElement(element, parent) {
  return new Promise((resolve) => {
    element.onload = () => resolve({ ok: true });
    element.onerror = () => resolve({ ok: false, error: `${element.tagName.toLowerCase()} failed to load` });
    parent.append(element);
  });
}

function viaImage(url, crossOrigin) {
  const image = document.createElement("img");
  if (crossOrigin) image.crossOrigin = "anonymous";
  image.src = url;
  image.alt = "";
  image.hidden = true;
  return viaElement(image, document.body);
}

function viaStylesheet(url) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.crossOrigin = "anonymous";
  link.href = url;
  return viaElement(link, document.head);
}

function viaModuleScript(url) {
  const script = document.createElement("script");
  script.type = "module";
  script.src = url;
  return viaElement(script, document.head);
}

async function viaFontFace(url) {
  const family = `lab-font-${nonce()}`;
  const style = document.createElement("style");
  style.textContent = `@font-face { font-family: "${family}"; src: url(${JSON.stringify(url)}); }`;
  document.head.append(style);
  try {
    await document.fonts.load(`16px "${family}"`);
  } catch {
    // The face's status below says what happened.
  }
  const face = [...document.fonts].find((candidate) => candidate.family.replaceAll('"', "") === family);
  return face?.status === "loaded" ? { ok: true } : { ok: false, error: `font ${face?.status ?? "missing"}` };
}

const INITIATORS = {
  fetch: viaFetch,
  xhr: viaXhr,
  font: (_labCase, url) => viaFontFace(url),
  "script-module": (_labCase, url) => viaModuleScript(url),
  "img-crossorigin": (_labCase, url) => viaImage(url, true),
  "img-no-cors": (_labCase, url) => viaImage(url, false),
  "stylesheet-crossorigin": (_labCase, url) => viaStylesheet(url),
};

/** Loads `url` from a frame on another origin of the page's site, in CORS mode (test/lab/server.ts FRAME_HTML). */
function viaFrame(frameUrl, url) {
  return new Promise((resolve) => {
    const frame = document.createElement("iframe");
    frame.hidden = true;
    const onMessage = (event) => {
      if (event.source !== frame.contentWindow) return;
      if (event.data === "lab-frame-ready") {
        frame.contentWindow.postMessage(url, "*");
        return;
      }
      // The frame stays: the Firefox build's witness in it reports its fetch in batches.
      removeEventListener("message", onMessage);
      resolve(event.data);
    };
    addEventListener("message", onMessage);
    frame.src = frameUrl;
    document.body.append(frame);
  });
}

/** Loads the case's URL once before its request, so that a cache may keep the answer. */
function prime(labCase, url) {
  if (labCase.request.prime === "img-no-cors") return viaImage(url, false);
  if (labCase.request.prime === "fetch-no-cors") return fetch(url, { mode: "no-cors" }).then(() => ({ ok: true }));
  return viaFrame(labCase.primeFrameUrl, url);
}

async function runCase(id) {
  const labCase = byId.get(id);
  if (!labCase) return { ok: false, error: `unknown case ${id}` };
  try {
    if (labCase.setupUrl) {
      const setup = new URL(labCase.setupUrl);
      setup.searchParams.set("case", `${id}-setup`);
      setup.searchParams.set("n", nonce());
      // The body is read so that the request ends (an unread body keeps it pending in DevTools).
      await fetch(setup.href, { credentials: "include" }).then((response) => response.text());
    }
    // Repeats reuse the URL on purpose: the preflight cache is keyed by URL.
    const url = urlFor(labCase, nonce());
    // The same URL (same nonce): the cache is keyed by URL.
    if (labCase.request.prime) await prime(labCase, url);
    let result = { ok: false, error: "not run" };
    for (let round = 0; round < (labCase.request.repeat ?? 1); round += 1) {
      result = await INITIATORS[labCase.initiator](labCase, url);
      if (!result.ok) break;
    }
    return result;
  } catch (error) {
    return { ok: false, error: String(error?.message ?? error) };
  }
}

/** Runs every case: one by one, except the members of a group, which start together. */
async function runAll() {
  const results = {};
  const groups = new Map();
  for (const labCase of cases) {
    if (labCase.group) {
      groups.set(labCase.group, [...(groups.get(labCase.group) ?? []), labCase.id]);
      continue;
    }
    results[labCase.id] = await runCase(labCase.id);
  }
  for (const ids of groups.values()) {
    const settled = await Promise.all(ids.map((id) => runCase(id)));
    ids.forEach((id, index) => (results[id] = settled[index]));
  }
  return results;
}

const DEFAULT_REPLAY_MIX = [
  "control-simple-get",
  "missing-acao",
  "control-wildcard",
  "acao-other-origin",
  "wildcard-with-credentials",
  "method-put-disallowed",
];

/** Fires `count` fetch requests quickly, cycling through `mix` (fetch cases), 32 at a time. */
async function replay(count, mix = DEFAULT_REPLAY_MIX) {
  const chosen = mix.map((id) => byId.get(id)).filter((labCase) => labCase && labCase.initiator === "fetch");
  if (chosen.length === 0) throw new Error("replay: no fetch case in the mix");
  const tally = { sent: 0, ok: 0, failed: 0, perCase: {} };
  let next = 0;
  async function worker() {
    while (next < count) {
      const labCase = chosen[next % chosen.length];
      next += 1;
      tally.sent += 1;
      tally.perCase[labCase.id] = (tally.perCase[labCase.id] ?? 0) + 1;
      const result = await viaFetch(labCase, urlFor(labCase, nonce())).catch((error) => ({ ok: false, error }));
      if (result.ok) tally.ok += 1;
      else tally.failed += 1;
    }
  }
  await Promise.all(Array.from({ length: Math.min(32, count) }, worker));
  return tally;
}

function renderList() {
  const list = document.getElementById("cases");
  if (!list) return;
  for (const labCase of cases) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = labCase.id;
    const title = document.createElement("span");
    title.textContent = ` ${labCase.title} `;
    const result = document.createElement("span");
    result.className = "result";
    button.addEventListener("click", async () => {
      result.textContent = "…";
      const outcome = await runCase(labCase.id);
      result.textContent = outcome.ok ? "loaded" : `failed: ${outcome.error}`;
    });
    item.append(button, title, result);
    list.append(item);
  }
  document.getElementById("run-all")?.addEventListener("click", () => void runAll());
}

Object.assign(window, { labCases: cases, runCase, runAll, replay });
renderList();
