// Container probes as kubelet runs them: startup first (liveness and readiness wait for it), then liveness
// and readiness each on its own period, with initialDelaySeconds, timeoutSeconds, successThreshold and
// failureThreshold; handlers exec, httpGet (200–399 is success) and tcpSocket.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { Container, LifecycleHandler, Probe } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../util/index.js';

export interface ProbeResult { ok: boolean; message: string }

export interface ProberOptions {
  container: Container;
  podIP: () => string | undefined;
  clock: Clock;
  exec: (command: readonly string[], timeoutMs: number) => Promise<{ exitCode: number; output: string }>;
  onChange: (state: { ready: boolean; started: boolean }) => void;
  onLivenessFailure: (message: string) => void;
  onProbeFailure: (message: string) => void;
  /** Where probing resumes for a container adopted after a kubelet restart (its reported readiness and start). */
  initial?: { ready: boolean; started: boolean };
}

/** Resolves a named port against the container's ports. */
export function portOf(container: Container, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  if (port === undefined) return undefined;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/**
 * The status code of a GET (the body is discarded; redirects are not followed). HTTPS does not verify the
 * server's certificate, as kubelet's prober (InsecureSkipVerify): probes check liveness, not identity, and serving
 * certificates are usually issued for a Service name rather than the pod's IP. Rejects on connection errors and
 * with an ABORT_ERR once timeoutMs has passed.
 */
function httpGetStatus(url: URL, options: { headers: Record<string, string>; timeoutMs: number }): Promise<number> {
  return new Promise((resolve, reject) => {
    const signal = AbortSignal.timeout(options.timeoutMs);
    const onResponse = (res: IncomingMessage): void => { res.resume(); resolve(res.statusCode ?? 0); };
    const req = url.protocol === 'https:'
      ? httpsRequest(url, { headers: options.headers, signal, rejectUnauthorized: false }, onResponse)
      : httpRequest(url, { headers: options.headers, signal }, onResponse);
    req.once('error', reject);
    req.end();
  });
}

export async function runProbe(probe: Probe, options: Pick<ProberOptions, 'container' | 'podIP' | 'exec'>): Promise<ProbeResult> {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  if (probe.exec) {
    const r = await options.exec(probe.exec.command ?? [], timeoutMs);
    return { ok: r.exitCode === 0, message: r.exitCode === 0 ? '' : r.output.trim() || `command ${JSON.stringify((probe.exec.command ?? []).join(' '))} exited with ${r.exitCode}` };
  }
  if (probe.httpGet) {
    const h = probe.httpGet;
    const port = portOf(options.container, h.port);
    const host = h.host ?? options.podIP();
    if (!port || !host) return { ok: false, message: `unresolvable port ${String(h.port)}` };
    const url = `${(h.scheme ?? 'HTTP').toLowerCase()}://${host.includes(':') ? `[${host}]` : host}:${port}${h.path ?? '/'}`;
    const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.32', Accept: '*/*' };
    for (const x of h.httpHeaders ?? []) headers[x.name] = x.value;
    try {
      const status = await httpGetStatus(new URL(url), { headers, timeoutMs });
      return status >= 200 && status < 400 ? { ok: true, message: '' } : { ok: false, message: `HTTP probe failed with statuscode: ${status}` };
    } catch (e: unknown) {
      const reason = e instanceof Error ? ((e as NodeJS.ErrnoException).code ?? e.name) : String(e);
      return { ok: false, message: `Get "${url}": ${reason === 'ABORT_ERR' ? 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)' : `dial tcp ${host}:${port}: connect: ${reason === 'ECONNREFUSED' ? 'connection refused' : reason}`}` };
    }
  }
  if (probe.tcpSocket) {
    const port = portOf(options.container, probe.tcpSocket.port);
    const host = probe.tcpSocket.host ?? options.podIP();
    if (!port || !host) return { ok: false, message: `unresolvable port ${String(probe.tcpSocket.port)}` };
    return new Promise((resolve) => {
      const s = connect({ host, port, timeout: timeoutMs });
      s.once('connect', () => { s.destroy(); resolve({ ok: true, message: '' }); });
      s.once('timeout', () => { s.destroy(); resolve({ ok: false, message: `dial tcp ${host}:${port}: i/o timeout` }); });
      s.once('error', (e: NodeJS.ErrnoException) => resolve({ ok: false, message: `dial tcp ${host}:${port}: connect: ${e.code === 'ECONNREFUSED' ? 'connection refused' : e.code}` }));
    });
  }
  return { ok: false, message: 'unsupported probe handler (grpc probes are not supported on this node)' };
}

/**
 * A lifecycle hook (postStart, preStop): exec, httpGet or sleep, with kubelet's failure message for events.
 * tcpSocket is accepted by the API only for compatibility and never run, as upstream.
 */
export async function runLifecycleHandler(handler: LifecycleHandler, options: Pick<ProberOptions, 'container' | 'podIP' | 'exec' | 'clock'> & { podDesc: string; timeoutMs: number }): Promise<ProbeResult> {
  const where = `for Container "${options.container.name}" in Pod "${options.podDesc}"`;
  if (handler.sleep) {
    await options.clock.sleep(Math.min(options.timeoutMs, handler.sleep.seconds * 1000));
    return { ok: true, message: '' };
  }
  if (handler.exec || handler.httpGet) {
    const r = await runProbe({ ...(handler.exec ? { exec: handler.exec } : {}), ...(handler.httpGet ? { httpGet: handler.httpGet } : {}), timeoutSeconds: Math.ceil(options.timeoutMs / 1000) }, options);
    if (r.ok) return r;
    const message = handler.exec
      ? `Exec lifecycle hook ([${(handler.exec.command ?? []).join(' ')}]) ${where} failed - error: ${r.message}, message: ""`
      : `HTTP lifecycle hook (${handler.httpGet!.path ?? '/'}) ${where} failed - error: ${r.message}`;
    return { ok: false, message };
  }
  return { ok: false, message: `Cannot run handler: tcpSocket lifecycle hooks are not supported (${where})` };
}

type Kind = 'Startup' | 'Liveness' | 'Readiness';

export class Prober {
  readonly #o: ProberOptions;
  #stopped = false;
  #ready = false;
  #started: boolean;
  readonly #timers: Disposable[] = [];
  constructor(options: ProberOptions) {
    this.#o = options;
    this.#started = options.initial?.started ?? !options.container.startupProbe;
    this.#ready = options.initial?.ready ?? (!options.container.readinessProbe && this.#started);
  }

  start(): void {
    const c = this.#o.container;
    if (c.startupProbe && !this.#started) this.#loop('Startup', c.startupProbe);
    else this.#afterStartup();
  }

  #afterStartup(): void {
    const c = this.#o.container;
    if (c.livenessProbe) this.#loop('Liveness', c.livenessProbe);
    if (c.readinessProbe) this.#loop('Readiness', c.readinessProbe);
    else this.#set(true);
  }

  #set(ready: boolean): void {
    if (ready === this.#ready) return;
    this.#ready = ready;
    this.#o.onChange({ ready, started: this.#started });
  }

  #loop(kind: Kind, probe: Probe): void {
    let successes = 0;
    let failures = 0;
    const period = (probe.periodSeconds ?? 10) * 1000;
    const tick = async (): Promise<void> => {
      if (this.#stopped) return;
      const r = await runProbe(probe, this.#o);
      if (this.#stopped) return;
      if (r.ok) { successes++; failures = 0; } else { failures++; successes = 0; }
      if (!r.ok) this.#o.onProbeFailure(`${kind} probe failed: ${r.message}`);
      let again = true;
      if (kind === 'Startup') {
        if (r.ok && successes >= 1) {
          this.#started = true;
          this.#o.onChange({ ready: this.#ready, started: true });
          this.#afterStartup();
          again = false;
        } else if (failures >= (probe.failureThreshold ?? 3)) {
          this.#o.onLivenessFailure(`Startup probe failed: ${r.message}`);
          again = false;
        }
      } else if (kind === 'Liveness') {
        if (failures >= (probe.failureThreshold ?? 3)) {
          this.#o.onLivenessFailure(`Liveness probe failed: ${r.message}`);
          again = false;
        }
      } else if (r.ok && successes >= (probe.successThreshold ?? 1)) this.#set(true);
      else if (!r.ok && failures >= (probe.failureThreshold ?? 3)) this.#set(false);
      if (again) this.#timers.push(this.#o.clock.setTimeout(() => { void tick(); }, period));
    };
    this.#timers.push(this.#o.clock.setTimeout(() => { void tick(); }, (probe.initialDelaySeconds ?? 0) * 1000));
  }

  stop(): void {
    this.#stopped = true;
    for (const t of this.#timers) t[Symbol.dispose]();
  }
}
