// A throwaway certificate authority and a server certificate for 127.0.0.1/localhost, made with
// openssl for one test run, so TLS tests verify a real chain without any real CA.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ServiceUnavailableError } from "./policy";

export interface TestCertificates {
  dir: string;
  /** PEM of the CA certificate (what a client must trust). */
  caPem: string;
  caCertPath: string;
  serverCertPath: string;
  serverKeyPath: string;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  } catch (err) {
    throw new ServiceUnavailableError("openssl", "the openssl command line tool (apt-get install openssl)", { cause: err });
  }
}

// Directories made by createTestCertificates and not removed yet. A suite removes its own when it
// stops; whatever a failed or interrupted suite left is removed when the process exits.
const liveDirectories = new Set<string>();
process.once("exit", () => {
  for (const dir of liveDirectories) fs.rmSync(dir, { recursive: true, force: true });
});

/** Removes the certificates' directory (the CA file in it is what NODE_EXTRA_CA_CERTS points at). */
export function removeTestCertificates(...certs: (TestCertificates | undefined)[]): void {
  for (const c of certs) {
    if (!c) continue;
    fs.rmSync(c.dir, { recursive: true, force: true });
    liveDirectories.delete(c.dir);
  }
}

/** Creates a CA and a server certificate (SAN: localhost, 127.0.0.1, ::1) in a new temp directory. */
export function createTestCertificates(names: { dns?: string[]; ips?: string[] } = {}): TestCertificates {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rotated-rds-tls-"));
  liveDirectories.add(dir);
  fs.chmodSync(dir, 0o755);
  const dns = names.dns ?? ["localhost"];
  const ips = names.ips ?? ["127.0.0.1", "::1"];
  const san = [...dns.map((d) => `DNS:${d}`), ...ips.map((ip) => `IP:${ip}`)].join(",");
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(["req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=rotated-rds throwaway test CA",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], dir);
  openssl(["req", "-new", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"], dir);
  fs.writeFileSync(path.join(dir, "server.ext"),
    `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
  openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt",
    "-days", "2", "-extfile", "server.ext"], dir);
  const caCertPath = path.join(dir, "ca.crt");
  return {
    dir,
    caPem: fs.readFileSync(caCertPath, "utf8"),
    caCertPath,
    serverCertPath: path.join(dir, "server.crt"),
    serverKeyPath: path.join(dir, "server.key"),
  };
}

/**
 * Copies the server certificate and key into `dir`, owned by `owner` with the key at mode 0600:
 * PostgreSQL and MariaDB refuse a key that others can read, and as root the server runs as another user.
 */
export function installServerCertificate(certs: TestCertificates, dir: string, owner?: { uid: number; gid: number }): { cert: string; key: string; ca: string } {
  fs.mkdirSync(dir, { recursive: true });
  const out = { cert: path.join(dir, "server.crt"), key: path.join(dir, "server.key"), ca: path.join(dir, "ca.crt") };
  fs.copyFileSync(certs.serverCertPath, out.cert);
  fs.copyFileSync(certs.serverKeyPath, out.key);
  fs.copyFileSync(certs.caCertPath, out.ca);
  fs.chmodSync(out.key, 0o600);
  if (owner) for (const f of [dir, out.cert, out.key, out.ca]) fs.chownSync(f, owner.uid, owner.gid);
  return out;
}
