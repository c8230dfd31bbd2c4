// The discovery probe of the availability controller: a GET of an extension server's discovery URL over
// HTTPS with the front-proxy client certificate, as system:kube-aggregator in system:masters, without
// verifying the serving certificate (upstream: a best-effort reachability check), within 5 seconds.
import { request, Agent } from 'node:https';
import type { ProbeResult, ProbeTarget } from './control.js';

/** Performs one GET; never throws (failures are `{ error }`). */
export interface DiscoveryProbe {
  get(target: ProbeTarget): Promise<ProbeResult>;
}

export class HttpsDiscoveryProbe implements DiscoveryProbe, Disposable {
  readonly #cert: { certPem: string; keyPem: string };
  readonly #timeoutMs: number;
  readonly #agent = new Agent({ keepAlive: false });

  constructor(options: { clientCertificate: { certPem: string; keyPem: string }; timeoutMs?: number }) {
    this.#cert = options.clientCertificate;
    this.#timeoutMs = options.timeoutMs ?? 5_000;
  }

  get(target: ProbeTarget): Promise<ProbeResult> {
    return new Promise((resolve) => {
      const req = request({
        host: target.host, port: target.port, path: target.path, method: 'GET', agent: this.#agent, rejectUnauthorized: false,
        cert: this.#cert.certPem, key: this.#cert.keyPem,
        headers: { accept: 'application/json', 'x-remote-user': 'system:kube-aggregator', 'x-remote-group': 'system:masters' },
      }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
      });
      req.setTimeout(this.#timeoutMs, () => req.destroy(new Error(`timed out after ${this.#timeoutMs / 1000}s`)));
      req.on('error', (e) => resolve({ error: e.message }));
      req.end();
    });
  }

  [Symbol.dispose](): void {
    this.#agent.destroy();
  }
}
