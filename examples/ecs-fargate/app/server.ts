// The container's program: a small HTTP service over PostgreSQL that takes its login from the secret
// at run time, through rotated-rds/client. Nothing about the database is in the image or the task
// definition but DB_SECRET_ARN: host, port, database, user and password come from one secret version,
// and the pool follows every rotation (a refused login refreshes the secret and retries the connect).
// Outside this repository, import from "rotated-rds/client".
import * as fs from "fs";
import * as http from "http";
import { SecretCredentials, createPgPool } from "../../../client";

/** The RDS CA bundle, copied into the image (Dockerfile): Node.js does not trust the RDS CAs by itself. */
const CA_BUNDLE = process.env.RDS_CA_BUNDLE ?? "/app/rds-global-bundle.pem";

const credentials = SecretCredentials.fromEnvironment();
const pool = createPgPool({
  credentials,
  max: 10,
  ssl: { ca: fs.readFileSync(CA_BUNDLE, "utf8"), rejectUnauthorized: true },
});

// Events instead of logs from the library: the app decides what to print (never a password).
credentials.on("refresh", (e) => { if (e.changed) console.log(`secret refreshed to version ${e.versionId}`); });
credentials.on("pendingFallback", (e) => console.log(`connected with AWSPENDING version ${e.pendingVersionId} during a rotation`));
credentials.on("authenticationFailure", () => console.warn("database refused the login; refreshing the secret"));

const server = http.createServer((req, res) => {
  if (req.url !== "/healthz") {
    res.writeHead(404).end();
    return;
  }
  pool.query("SELECT 1")
    .then(() => res.writeHead(200, { "content-type": "text/plain" }).end(`ok, secret version ${pool.secretVersionId ?? "none yet"}\n`))
    .catch((err: unknown) => res.writeHead(503, { "content-type": "text/plain" }).end(`database unavailable: ${err instanceof Error ? err.name : "error"}\n`));
});

server.listen(Number(process.env.PORT ?? 8080));

// ECS sends SIGTERM before stopping a task: finish in-flight queries, then close the pool.
process.on("SIGTERM", () => {
  server.close();
  void pool.end();
});
