// cli: the `skiff` commands' flag parsing and small pure helpers. The wiring lives in cmd/.
export * from './flag-scan.js';
export * from './server-flags.js';
export * from './container-log-flags.js';
export * from './agent-flags.js';
export * from './kubeconfig.js';
export * from './images-flags.js';
export * from './killall-flags.js';
export * from './datastore-flags.js';
