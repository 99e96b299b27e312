// The `cors-doctor` executable (package.json "bin", built to dist-cli/cors-doctor.mjs).
import { nodeIo } from "./io";
import { main } from "./main";

// A reader that closed the pipe early (`cors-doctor har big.har | head`) wants no more output: stop
// quietly with the exit code so far, as Unix tools do, instead of an uncaught EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? 0);
  });
}

process.exitCode = await main(process.argv.slice(2), nodeIo());
