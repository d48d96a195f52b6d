// Test services: one bootstrap that starts what a suite needs on free loopback ports and stops it
// afterwards. Environment variables point at already-running servers instead (TEST_MOTO_ENDPOINT,
// TEST_POSTGRES_URL). `requireService` applies the CI policy: fail under CI=true, skip otherwise.
export { freePort, waitForPort } from "./freePort";
export { isCi, requireService, ServiceUnavailableError } from "./policy";
export { createTestCertificates, installServerCertificate, removeTestCertificates, TestCertificates } from "./tls";
export { MOTO_CREDENTIALS, MOTO_INSTALL, MOTO_REGION, MotoService, startMoto } from "./moto";
export { POSTGRES_INSTALL, PostgresService, startPostgres } from "./postgres";
