// `npm run setup:servers`: installs, in one apt line, every optional component of the test suite
// (test/helpers/requirements.ts: browsers, servers, language tools) that is missing here. .ci/run
// runs it too, so the list CI installs and the list the tests check are one list.
// `npm run setup:servers -- --print` prints the apt line for all of them and installs nothing.
import { spawnSync } from "node:child_process";
import { COMPONENTS, installCommand } from "../test/helpers/requirements";

if (process.argv.includes("--print")) {
  console.log(installCommand(COMPONENTS));
  process.exit(0);
}

const missing = COMPONENTS.filter((each) => !each.installed());
if (missing.length === 0) {
  console.log(`Every optional component is installed (${COMPONENTS.map((each) => each.id).join(", ")}).`);
  process.exit(0);
}
console.log(`Missing: ${missing.map((each) => each.id).join(", ")}`);
const packages = [...new Set(missing.flatMap((each) => each.packages))];
const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
function run(args: readonly string[]): void {
  console.log(`$ ${[...sudo, ...args].join(" ")}`);
  const [command = "", ...rest] = [...sudo, ...args];
  const result = spawnSync(command, rest, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (result.status !== 0) {
    console.error(`failed (${result.error?.message ?? `exit ${result.status}`})`);
    process.exit(1);
  }
}
run(["apt-get", "update", "-qq"]);
run(["apt-get", "-o", "DPkg::Lock::Timeout=900", "install", "-y", "-qq", ...packages]);
const still = missing.filter((each) => !each.installed());
if (still.length > 0) {
  console.error(`Installed, yet still not usable: ${still.map((each) => each.id).join(", ")}`);
  process.exit(1);
}
console.log(`Installed: ${missing.map((each) => each.id).join(", ")}`);
