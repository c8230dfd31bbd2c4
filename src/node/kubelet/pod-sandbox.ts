// A pod's sandbox as the kubelet makes it: the runtime's namespaces, the pod network attached to them (the
// pod IP), and the pod's /etc/hosts, resolv.conf and hostname files in its pod directory.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ContainerRuntime, Sandbox } from '../runtime/container-runtime.js';
import { hostsFile, podHostname, resolvConf } from './pod-files.js';

export interface PodNetwork {
  /** Attaches the pod's network namespace to the node's pod network; resolves with the pod IP. */
  attach(podUid: string, netns: string): Promise<string>;
  detach(podUid: string): Promise<void>;
  /** The pods holding an address now (orphans among them give theirs back at start). */
  owners?(): readonly string[];
}

export interface SandboxEnv {
  runtime: ContainerRuntime;
  network: PodNetwork;
  clusterDns: string;
  hostResolvConf: string;
}

/** Makes (or finds again) the pod's sandbox and network, and writes its files under podDir. */
export async function createPodSandbox(env: SandboxEnv, pod: Pod, podDir: string): Promise<{ sandbox: Sandbox; podIP: string }> {
  const uid = pod.metadata?.uid ?? '';
  const sandbox = await env.runtime.createSandbox(uid);
  const podIP = await env.network.attach(uid, sandbox.namespaces.network);
  await fs.mkdir(podDir, { recursive: true });
  await fs.writeFile(join(podDir, 'hosts'), hostsFile(pod, podIP));
  await fs.writeFile(join(podDir, 'resolv.conf'), resolvConf(pod, { clusterDns: env.clusterDns, host: env.hostResolvConf }));
  await fs.writeFile(join(podDir, 'hostname'), `${podHostname(pod)}\n`);
  return { sandbox, podIP };
}
