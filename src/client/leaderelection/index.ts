// client/leaderelection: Lease leader election (client-go's tools/leaderelection) for the controller manager and scheduler.
export * from './election.js';
export * from './elector.js';
export * from './run-while-leader.js';
