// Pulumi entry point (Pulumi.yaml `main: index.ts`). The module's export is the program itself:
// `main()` from program/main.ts. Pulumi's Node.js runtime calls a module export that is a function,
// inside the stack, and uses what it returns as the stack outputs (@pulumi/pulumi cmd/run/run.js:
// `programExport instanceof Function ? programExport() : programExport`), so `pulumi up` runs main()
// once. Loading this module declares nothing, so tests and the offline plan import it and run main()
// once per stack under mocks. A named `export function main` would not do: every named export of the
// entry module becomes a stack output, and a function becomes the empty output `main: {}`.
import { main } from "./program";

export = main;
