// flushLog (tests/services/flushLog.ts), which the PostgreSQL and MariaDB services' flushLog use: it
// returns only once the log shows its marker, and throws when the log never does, so that no leak
// check reads a half-written log. Driven with a log file and a short timeout, no server.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { flushLog, LogFlushTimeoutError, logContains, newLogMarker } from "../services";

describe("flushLog", () => {
  let dir: string;
  let logFile: string;
  const read = () => fs.readFileSync(logFile, "utf8");

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "rotated-rds-flushlog-"));
    logFile = path.join(dir, "general.log");
    fs.writeFileSync(logFile, "Time\t\tId Command\tArgument\n");
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("throws LogFlushTimeoutError when the log never shows the marker", async () => {
    let written = "";
    await assert.rejects(
      flushLog({ source: "the MariaDB general log", write: async (marker) => void (written = marker), read, timeoutMs: 60 }),
      (err: Error) => {
        assert.ok(err instanceof LogFlushTimeoutError);
        assert.equal(err.message, "the MariaDB general log did not show the flush marker within 60 ms (26 chars read): the log is incomplete, so no search of it may run");
        return true;
      },
    );
    assert.ok(written.startsWith("flush-"), "the marker was written");
  });

  it("throws when the log holds only an older marker", async () => {
    const older = newLogMarker();
    fs.appendFileSync(logFile, `\t\t 5 Query\tSELECT '${older}'\n`);
    await assert.rejects(flushLog({ source: "the log", write: async () => undefined, read, timeoutMs: 40 }), LogFlushTimeoutError);
  });

  it("returns the marker once the server writes it, escaped as MariaDB logs a literal", async () => {
    const marker = await flushLog({
      source: "the MariaDB general log",
      // The server logs the statement a little later, with the marker's quotes escaped.
      write: async (m) => void setTimeout(() => fs.appendFileSync(logFile, `\t\t 8 Query\tSELECT '${m.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/"/g, '\\"')}'\n`), 50),
      read,
      timeoutMs: 5000,
    });
    assert.equal(read().includes(marker), false, "precondition: the log holds the marker only in escaped form");
    assert.equal(logContains(read(), marker), true);
  });

  it("fails with the write's own error when the marker statement fails", async () => {
    await assert.rejects(flushLog({ source: "the log", write: () => Promise.reject(new Error("ECONNREFUSED")), read, timeoutMs: 40 }), /^Error: ECONNREFUSED$/);
  });

  it("makes markers shaped like the passwords the suites search for", () => {
    const [a, b] = [newLogMarker(), newLogMarker()];
    assert.notEqual(a, b);
    assert.match(a, /^flush-[0-9a-f]{12}-'"\\$/);
  });
});
