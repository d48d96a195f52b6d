// The rotation function's public surface: the Lambda handler and the contract the component reads.
export { createHandler, handler, type RotationDependencies, type RotationHandler } from "./handler";
export * from "./contract";
