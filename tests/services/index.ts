// Test services: one bootstrap that starts what a suite needs on free loopback ports and stops it
// afterwards. Environment variables point at already-running servers instead (TEST_MOTO_ENDPOINT,
// TEST_POSTGRES_URL). `requireService` applies the CI policy: fail under CI=true, skip otherwise.
export { FLUSH_LOG_TIMEOUT_MS, flushLog, LogFlushTimeoutError, newLogMarker, type FlushLogOptions } from "./flushLog";
export { freePort, waitForPort } from "./freePort";
export { assertLogSearch, escapedForms, logContains, secretNeedles, type LogNeedle, type LogSearch } from "./logSearch";
export { isCi, requireService, ServiceUnavailableError, type ServicePolicyOptions } from "./policy";
export { createTestCertificates, installServerCertificate, removeTestCertificates, TestCertificates } from "./tls";
export { MOTO_CREDENTIALS, MOTO_INSTALL, MOTO_REGION, MotoService, startMoto } from "./moto";
export { POSTGRES_INSTALL, PostgresService, startPostgres } from "./postgres";
