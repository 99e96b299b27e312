// The panel page inside DevTools: wires the real worker connection and the DevTools theme.
// Opened as an ordinary extension tab (no devtools API there), it reads ?tabId= and ?theme=
// instead, which is how real-browser tests and screenshot scripts show a given tab's entries.
import { ext, requestRecordAlways, revokeRecordAlways } from "../shared/browser";
import { createRuntimeConnection } from "../ui/runtime-connection";
import { browserServices } from "../ui/services";
import type { Theme } from "../ui/store";
import { mountPanel } from "./standalone";

// Typed as always present by the polyfill, but absent outside DevTools pages.
const devtools = (ext as Partial<typeof ext>).devtools;
const query = new URLSearchParams(location.search);
const tabId = devtools ? devtools.inspectedWindow.tabId : Number(query.get("tabId") ?? Number.NaN);
const themeName = devtools ? devtools.panels.themeName : query.get("theme");
const theme: Theme = themeName === "dark" ? "dark" : "light";

const root = document.getElementById("app");
if (!root) throw new Error("panel page is missing #app");
if (!Number.isInteger(tabId)) throw new Error("panel page needs DevTools or a ?tabId= query");
const services = { ...browserServices, recordAlways: { request: requestRecordAlways, revoke: revokeRecordAlways } };
mountPanel(root, createRuntimeConnection(ext.runtime), { tabId, theme, services });
