// Whether and when a stopped container starts again: restartPolicy (Always, OnFailure, Never), and the
// crash-loop back-off kubelet keeps per container (immediate first restart, then 10 s doubling to 5 min,
// forgotten when the container ran more than 10 min: upstream's flowcontrol entry expires after twice the
// maximum). Pure.

export const initialBackoffMs = 10_000;
export const maxBackoffMs = 300_000;
const resetAfterMs = 600_000;

export interface BackoffEntry { delayMs: number; lastRestartMs: number }

export type RestartDecision =
  | { kind: 'stay' }
  | { kind: 'restart'; next: BackoffEntry }
  | { kind: 'backoff'; ms: number; delayMs: number };

export function shouldRestart(policy: string | undefined, exitCode: number): boolean {
  const p = policy ?? 'Always';
  return p === 'Always' || (p === 'OnFailure' && exitCode !== 0);
}

/**
 * finishedMs: when the container last stopped. As upstream (the entry's last update measured against the exit),
 * an entry is forgotten when the container stopped more than 10 min after its last restart.
 */
export function decideRestart(policy: string | undefined, exitCode: number, entry: BackoffEntry | undefined, options: { nowMs: number; finishedMs: number }): RestartDecision {
  if (!shouldRestart(policy, exitCode)) return { kind: 'stay' };
  if (!entry || options.finishedMs - entry.lastRestartMs > resetAfterMs) return { kind: 'restart', next: { delayMs: initialBackoffMs, lastRestartMs: options.nowMs } };
  const due = options.finishedMs + entry.delayMs;
  if (options.nowMs < due) return { kind: 'backoff', ms: due - options.nowMs, delayMs: entry.delayMs };
  return { kind: 'restart', next: { delayMs: Math.min(maxBackoffMs, entry.delayMs * 2), lastRestartMs: options.nowMs } };
}

/** The message upstream shows on a CrashLoopBackOff container. */
export function crashLoopMessage(delayMs: number, container: string, pod: { name: string; namespace: string; uid: string }): string {
  const s = delayMs / 1000;
  const text = s >= 60 ? `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : '0s'}` : `${s}s`;
  return `back-off ${text} restarting failed container=${container} pod=${pod.name}_${pod.namespace}(${pod.uid})`;
}
