// Stopping one container (kubelet's killContainer): its preStop hook first, within the grace period, then the
// runtime's SIGTERM and, once what is left of the grace period has passed, SIGKILL.
import type { Container, LifecycleHandler } from 'kubernetes-types/core/v1.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { ProbeResult } from './probes.js';

export interface StopEnv {
  runtime: ContainerRuntime;
  nowMs(): number;
  /** Runs a lifecycle handler against the container within timeoutMs. */
  runHook(handler: LifecycleHandler, container: Container, id: string, timeoutMs: number): Promise<ProbeResult>;
  event(type: 'Normal' | 'Warning', reason: string, message: string, fieldPath: string): void;
}

/** Resolves once the container has stopped. */
export async function stopContainer(env: StopEnv, request: { id: string; container: Container; graceSeconds: number; fieldPath: string }): Promise<void> {
  const { id, container } = request;
  const deadline = env.nowMs() + request.graceSeconds * 1000;
  const preStop = container.lifecycle?.preStop;
  if (preStop) {
    const hook = await env.runHook(preStop, container, id, Math.max(1, deadline - env.nowMs()));
    if (!hook.ok) env.event('Warning', 'FailedPreStopHook', hook.message, request.fieldPath);
  }
  await env.runtime.stopContainer(id, { gracePeriodMs: Math.max(0, deadline - env.nowMs()) });
}
