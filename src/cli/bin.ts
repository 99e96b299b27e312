// The `cors-doctor` executable (package.json "bin", built to dist-cli/cors-doctor.mjs).
import { nodeIo } from "./io";
import { main } from "./main";

process.exitCode = await main(process.argv.slice(2), nodeIo());
