// cli: the `skiff` commands' flag parsing and small pure helpers. The wiring lives in cmd/.
export * from './flag-scan.js';
export * from './server-flags.js';
export * from './container-log-flags.js';
export * from './agent-flags.js';
export * from './kubeconfig.js';
export * from './images-flags.js';
export * from './killall-flags.js';
export * from './datastore-flags.js';
export * from './kubeconfig-context.js';
export { parsePluginArgs, UsageError, pluginUsage, whyUsage, type PluginCommand, type WhyCommand, type ExplainedResource } from './why/args.js';
export { explain } from './why/explain.js';
export type { ClusterState } from './why/state.js';
