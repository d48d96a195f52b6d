// Pulumi entry point of the example (Pulumi.yaml `main: index.ts`): the export is the program function,
// which Pulumi's Node.js runtime calls inside the stack, as the repository's own index.ts does.
import { auroraProxyExample } from "./program";

export = auroraProxyExample;
