// Runs in the invisible DevTools page: registers the "CORS" panel for the inspected tab.
import { ext } from "../shared/browser";

void ext.devtools.panels.create("CORS", "/icons/icon-32.png", "/src/panel/index.html");
