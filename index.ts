// Pulumi entry point (Pulumi.yaml `main: index.ts`). The program itself is `main()` in program/main.ts,
// a module that declares nothing when imported, so tests and the offline plan can run it under mocks
// once per stack. Here it runs once, and its result becomes the stack outputs.
import { main } from "./program";

export = main();
