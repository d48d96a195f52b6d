// connect with the real mariadb client against a private MariaDB server over verified TLS.
import { MARIADB_INSTALL } from "../services/mariadb";
import { startMariadbFixture } from "../lambda/mariadbFixture";
import { connectSuite } from "./connectSuite";

connectSuite({
  title: "rotated-rds connect (moto, MariaDB, mariadb client)",
  service: "MariaDB",
  install: MARIADB_INSTALL,
  startFixture: startMariadbFixture,
  auroraEngine: "aurora-mysql",
  program: "mariadb",
  whoAmI: ["-N", "-B", "-e", "select current_user()"],
  whoAmIOutput: (username) => `${username}@%\n`,
  tlsQuery: ["-N", "-B", "-e", "show session status like 'Ssl_version'"],
  tlsOutput: /^Ssl_version\tTLSv1\.[23]\n$/,
  longQuery: ["-N", "-B", "-e", "select sleep(1.5)"],
  interruptQuery: ["-N", "-B", "-e", "select sleep(60)"],
  // --defaults-extra-file must be the client's first argument.
  credentialsFile: (argv) => {
    if (!argv[0]?.startsWith("--defaults-extra-file=")) throw new Error(`the first argument is ${argv[0]}, not --defaults-extra-file`);
    return argv[0].slice("--defaults-extra-file=".length);
  },
});
