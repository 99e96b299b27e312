// The panel page inside DevTools: wires the real worker connection and the DevTools theme.
import { ext } from "../shared/browser";
import { createRuntimeConnection } from "../ui/runtime-connection";
import { mountPanel } from "./standalone";

const connection = createRuntimeConnection(ext.runtime);
const theme = ext.devtools.panels.themeName === "dark" ? "dark" : "light";
const root = document.getElementById("app");
if (!root) throw new Error("panel page is missing #app");
mountPanel(root, connection, { tabId: ext.devtools.inspectedWindow.tabId, theme });
