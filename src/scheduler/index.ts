// scheduler: assigns pods to nodes (kube-scheduler's framework, reduced): queue with backoff, filter and
// score plugins, volume binding, binding through pods/binding.
export { startScheduler, schedulerName, type SchedulerContext } from './scheduler.js';
