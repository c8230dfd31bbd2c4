// runWhileLeader: runs components (the controller manager, the scheduler) only while this server holds their
// Lease; they are disposed the moment it is lost and started again when it is won back.
import type { ControllerContext } from '../controller/controller.js';
import type { EventRecorder } from '../events/recorder.js';
import { LeaderElector, type LeaderElectorOptions } from './elector.js';

export interface LeaderLease extends Pick<LeaderElectorOptions, 'leaseDurationMs' | 'renewDeadlineMs' | 'retryPeriodMs' | 'random'> {
  /** kube-system, as upstream. */
  namespace: string;
  /** kube-controller-manager or kube-scheduler, as upstream. */
  name: string;
  /** This server's candidate identity: see leaderIdentity(). */
  identity: string;
  recorder?: EventRecorder;
}

/**
 * Campaigns for lease and calls start() each time this candidate becomes leader. The components start() returns
 * are disposed as soon as leadership ends (their disposal is awaited before campaigning again, and before the
 * Lease is released on dispose). A start() that throws gives the Lease up; the candidate campaigns again.
 * Disposing the result stops the components, releases the Lease and stops campaigning.
 */
export function runWhileLeader(ctx: Pick<ControllerContext, 'client' | 'clock' | 'logger'>, lease: LeaderLease, start: () => Promise<AsyncDisposable> | AsyncDisposable): LeaderElector {
  let running: Promise<AsyncDisposable> | undefined;
  const elector = new LeaderElector({
    client: ctx.client, clock: ctx.clock, logger: ctx.logger,
    lease: { namespace: lease.namespace, name: lease.name }, identity: lease.identity,
    ...(lease.recorder ? { recorder: lease.recorder } : {}),
    ...(lease.leaseDurationMs !== undefined ? { leaseDurationMs: lease.leaseDurationMs } : {}),
    ...(lease.renewDeadlineMs !== undefined ? { renewDeadlineMs: lease.renewDeadlineMs } : {}),
    ...(lease.retryPeriodMs !== undefined ? { retryPeriodMs: lease.retryPeriodMs } : {}),
    ...(lease.random ? { random: lease.random } : {}),
    callbacks: {
      onStartedLeading: async () => {
        const started = Promise.resolve().then(start);
        running = started;
        await started;
      },
      onStoppedLeading: async () => {
        const was = running;
        running = undefined;
        // A start that failed has nothing to dispose (the elector logged its error).
        const components = await was?.catch(() => undefined);
        await components?.[Symbol.asyncDispose]();
      },
    },
  });
  elector.start();
  return elector;
}
