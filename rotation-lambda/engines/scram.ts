// Client-side SCRAM-SHA-256 verifier (RFC 5802/7677) in PostgreSQL's stored form, so ALTER ROLE
// carries a hash and the plaintext password never reaches the server, its logs or pg_stat_statements.
import * as crypto from "crypto";

/** PostgreSQL's default scram_iterations. */
export const SCRAM_ITERATIONS = 4096;
const SALT_BYTES = 16;

/**
 * SASLprep (RFC 4013) as PostgreSQL applies it. Generated passwords are printable ASCII, for
 * which SASLprep is the identity; other text gets NFKC, its main step, and PostgreSQL itself falls
 * back to the raw bytes for strings SASLprep rejects.
 */
function saslPrep(password: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x20-\x7e]*$/.test(password) ? password : password.normalize("NFKC");
}

const hmac = (key: Buffer, text: string): Buffer => crypto.createHmac("sha256", key).update(text).digest();

export interface ScramKeys {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

export function scramKeys(password: string, salt: Buffer, iterations: number = SCRAM_ITERATIONS): ScramKeys {
  const salted = crypto.pbkdf2Sync(Buffer.from(saslPrep(password), "utf8"), salt, iterations, 32, "sha256");
  const clientKey = hmac(salted, "Client Key");
  return {
    salt,
    iterations,
    storedKey: crypto.createHash("sha256").update(clientKey).digest(),
    serverKey: hmac(salted, "Server Key"),
  };
}

/** `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, the form pg_authid stores. */
export function scramVerifier(password: string, salt: Buffer = crypto.randomBytes(SALT_BYTES), iterations?: number): string {
  const k = scramKeys(password, salt, iterations);
  return `SCRAM-SHA-256$${k.iterations}:${k.salt.toString("base64")}$${k.storedKey.toString("base64")}:${k.serverKey.toString("base64")}`;
}
