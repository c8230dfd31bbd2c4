// cli: the `skiff` commands' flag parsing and small pure helpers. The wiring lives in cmd/.
export * from './server-flags.js';
export * from './agent-flags.js';
export * from './kubeconfig.js';
export * from './images-flags.js';
