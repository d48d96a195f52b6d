// Placeholder until the rotation Lambda lands: builds nothing while rotation-lambda/handler.ts is absent.
"use strict";
const fs = require("fs");
const path = require("path");
if (require.main === module && !fs.existsSync(path.join(__dirname, "..", "rotation-lambda", "handler.ts"))) {
  process.exit(0);
}
