import { strict as assert } from "assert";
import * as crypto from "crypto";
import { scramKeys, scramVerifier } from "../../rotation-lambda/engines/scram";

// RFC 7677 section 3: user "user", password "pencil".
const RFC7677 = {
  password: "pencil",
  salt: "W22ZaJ0SNY7soEsUEjb6gQ==",
  iterations: 4096,
  clientFirstBare: "n=user,r=rOprNGfwEbeRWgbNEkqO",
  serverFirst: "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
  clientFinalWithoutProof: "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
  proof: "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
  serverSignature: "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
};

const hmac = (key: Buffer, text: string): Buffer => crypto.createHmac("sha256", key).update(text).digest();

describe("scramVerifier", () => {
  const keys = scramKeys(RFC7677.password, Buffer.from(RFC7677.salt, "base64"), RFC7677.iterations);
  const authMessage = `${RFC7677.clientFirstBare},${RFC7677.serverFirst},${RFC7677.clientFinalWithoutProof}`;

  it("derives the ServerKey that produces RFC 7677's server signature", () => {
    assert.equal(hmac(keys.serverKey, authMessage).toString("base64"), RFC7677.serverSignature);
  });

  it("derives the StoredKey that verifies RFC 7677's client proof", () => {
    const clientSignature = hmac(keys.storedKey, authMessage);
    const proof = Buffer.from(RFC7677.proof, "base64");
    const clientKey = Buffer.from(proof.map((b, i) => b ^ (clientSignature[i] as number)));
    assert.deepEqual(crypto.createHash("sha256").update(clientKey).digest(), keys.storedKey);
  });

  it("formats the verifier as PostgreSQL stores it", () => {
    const v = scramVerifier(RFC7677.password, Buffer.from(RFC7677.salt, "base64"));
    assert.equal(v, `SCRAM-SHA-256$4096:${RFC7677.salt}$${keys.storedKey.toString("base64")}:${keys.serverKey.toString("base64")}`);
  });

  it("uses a fresh random salt each time and never contains the password", () => {
    const a = scramVerifier("correct horse battery staple");
    const b = scramVerifier("correct horse battery staple");
    assert.notEqual(a, b);
    assert.match(a, /^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$/);
    assert.ok(!a.includes("horse"));
  });
});
