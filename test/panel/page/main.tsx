// The panel or the popup in an ordinary page, fed by the fake worker with the fixtures, for
// looking at the UI and taking screenshots without loading the extension.
// Query: ?view=panel|popup&theme=light|dark&select=<entry id>&count=<bulk entries>
import { mountPanel } from "../../../src/panel/standalone";
import { mountPopup } from "../../../src/popup/standalone";
import { FakeConnection, FakeServices } from "../../helpers/fake-connection";
import { ALL_FIXTURES, FIXTURE_TAB, manyEntries } from "../../helpers/report-fixtures";

const params = new URLSearchParams(location.search);
const count = params.get("count");
const entries = count === null ? ALL_FIXTURES : manyEntries(Number(count));
const theme = params.get("theme") === "dark" ? "dark" : "light";
const root = document.getElementById("app")!;
const connection = new FakeConnection({ entries });
const options = { tabId: FIXTURE_TAB, theme, services: new FakeServices() } as const;
const mounted = params.get("view") === "popup" ? mountPopup(root, connection, options) : mountPanel(root, connection, options);
const select = params.get("select");
if (select) mounted.store.select(select, true);
document.body.dataset.ready = "true";
