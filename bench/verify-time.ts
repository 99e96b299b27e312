// `npm run bench:verify`: the time of `cors-doctor verify` on a 50-request policy against the
// lab (its credentialed PUT endpoint, which answers every preflight correctly and echoes the
// Origin), at the default rate limit and at the highest one allowed. Prints the figures; they are
// quoted in docs/cli.md.
import { performance } from "node:perf_hooks";
import { main } from "../src/cli/main";
import type { PolicyFile, PolicyRequest } from "../src/fixes/policy-file";
import { memoryIo } from "../test/helpers/cli-io";
import { startLab } from "../test/lab/server";

const HEADERS = ["authorization", "x-api-key", "content-type"];

function fiftyRequests(pageOrigin: string): PolicyRequest[] {
  const requests: PolicyRequest[] = [];
  for (let index = 0; requests.length < 50; index++) {
    const subset = HEADERS.filter((_, bit) => (index >> bit) & 1);
    requests.push({
      method: index % 16 < 8 ? "GET" : "PUT",
      path: `/case/control-preflight-credentials/r${index}?case=control-preflight-credentials`,
      origin: pageOrigin,
      headers: subset,
      credentials: index % 32 < 16,
    });
  }
  return requests;
}

async function timeVerify(file: PolicyFile, rate: string): Promise<{ ms: number; code: number; summary: string }> {
  const io = memoryIo({ files: { "policy.json": JSON.stringify(file) } });
  const started = performance.now();
  const code = await main(["verify", "policy.json", "--rate", rate], io);
  const ms = performance.now() - started;
  return { ms, code, summary: io.output().split("\n").at(-1) ?? "" };
}

const lab = await startLab();
try {
  const requests = fiftyRequests(lab.pageOrigin);
  const file: PolicyFile = {
    format: "cors-doctor-policy",
    version: 1,
    servers: [
      {
        origin: lab.origins.apiA,
        public: false,
        origins: [lab.pageOrigin],
        methods: ["GET", "PUT"],
        requestHeaders: HEADERS,
        exposeHeaders: [],
        credentials: true,
        requests,
      },
    ],
  };
  for (const rate of ["10", "50"]) {
    const result = await timeVerify(file, rate);
    console.log(`verify, ${requests.length}-request policy, --rate ${rate}: ${(result.ms / 1000).toFixed(2)} s, exit ${result.code}; ${result.summary}`);
  }
} finally {
  await lab.close();
}
