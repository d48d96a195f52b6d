// The rotation suite of issue 3 (scenarios 1-11, both strategies, the built bundle, leak and
// permission checks) against MariaDB from Debian (TLS from a throwaway CA, require_secure_transport,
// general log on), moto and the shared engine-agnostic driver.
import { MARIADB_INSTALL } from "../services/mariadb";
import { startMariadbFixture } from "./mariadbFixture";
import { runRotationScenarios } from "./scenarios";

runRotationScenarios("rotation Lambda on MariaDB", {
  service: "MariaDB",
  install: MARIADB_INSTALL,
  auroraEngine: "aurora-mysql",
  startFixture: startMariadbFixture,
});
