// Secrets Manager for tests: moto's server on a free loopback port, or the one named by
// TEST_MOTO_ENDPOINT when it is already running. Any region and dummy credentials work with it.
import { spawn } from "child_process";
import * as http from "http";
import { freePort } from "./freePort";
import { ServiceUnavailableError } from "./policy";
import { killOnExit, stopProcess } from "./stopProcess";

export const MOTO_INSTALL = "moto's server: python3 -m pip install 'moto[server]>=5,<6' (provides moto_server)";

/** Region and credentials the SDK needs to talk to moto; moto checks neither. */
export const MOTO_REGION = "us-east-1";
export const MOTO_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };

/** How long moto_server may take to exit before it is killed. */
const STOP_GRACE_MS = 5000;

export interface MotoService {
  endpoint: string;
  stop(): Promise<void>;
}

function answers(endpoint: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${endpoint}/moto-api/`, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.setTimeout(1000, () => req.destroy());
    req.once("error", () => resolve(false));
  });
}


/** Starts moto_server (or reuses TEST_MOTO_ENDPOINT) and resolves once it answers HTTP. */
export async function startMoto(env: NodeJS.ProcessEnv = process.env): Promise<MotoService> {
  if (env.TEST_MOTO_ENDPOINT) {
    const endpoint = env.TEST_MOTO_ENDPOINT.replace(/\/$/, "");
    if (!(await answers(endpoint))) throw new ServiceUnavailableError("moto", MOTO_INSTALL, { cause: new Error(`TEST_MOTO_ENDPOINT=${endpoint} does not answer`) });
    return { endpoint, stop: async () => undefined };
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = killOnExit(spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", "ignore", "pipe"] }));
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-2000);
  });
  const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const failed = await Promise.race([spawnError, new Promise<undefined>((r) => setTimeout(() => r(undefined), 150))]);
    if (failed) throw new ServiceUnavailableError("moto", MOTO_INSTALL, { cause: failed });
    if (child.exitCode !== null) throw new ServiceUnavailableError("moto", MOTO_INSTALL, { cause: new Error(`moto_server exited: ${output.trim()}`) });
    if (await answers(endpoint)) break;
    if (Date.now() > deadline) {
      await stopProcess(child, STOP_GRACE_MS);
      throw new ServiceUnavailableError("moto", MOTO_INSTALL, { cause: new Error("moto_server did not answer within 30 s") });
    }
  }
  return { endpoint, stop: () => stopProcess(child, STOP_GRACE_MS) };
}
