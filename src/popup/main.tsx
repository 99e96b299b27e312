// The toolbar popup page: summary of the active tab over the real worker connection.
import { ext } from "../shared/browser";
import { createRuntimeConnection } from "../ui/runtime-connection";
import { mountPopup } from "./standalone";
import { NO_TAB } from "../shared/report";

const root = document.getElementById("app");
if (!root) throw new Error("popup page is missing #app");
const [activeTab] = await ext.tabs.query({ active: true, currentWindow: true });
// The popup follows the system's colour scheme, as the browser's own menus do.
const theme = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
mountPopup(root, createRuntimeConnection(ext.runtime), { tabId: activeTab?.id ?? NO_TAB, theme });
