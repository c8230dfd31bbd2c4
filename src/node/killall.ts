// `skiff killall` (k3s-killall.sh's role): a server or agent stopping leaves its pods running for the next one
// to adopt; this is the explicit way to stop everything a node's data dir runs and holds — the agent if it still
// runs, every container, the runtime process, pod sandboxes and directories, and the node's network (the pod
// bridge, the service proxy's rules, routes to other nodes' pods, and the network claim) and the mounts of its
// size-enforced volumes. Pod IP allocations and volume images stay, for the pods that come back.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeLeftovers } from './kubelet/leftovers.js';
import { releaseNetworkClaim } from './network/network-claim-files.js';
import { readNodeNetworkState, removeNodeNetworkState } from './network/node-network-state.js';
import { removeServiceRules } from './proxy/proxier.js';
import { runCommand, type CommandRunner } from './runtime/exec.js';
import { RuncRuntime } from './runtime/runc/runc-runtime.js';
import { connectRuntimeProcess, runtimePidPath } from './runtime/remote/runtime-process.js';
import { VolumeImages } from './volumes/volume-images.js';

const agentPidFile = (agentDir: string): string => join(agentDir, 'agent.pid');

/** The agent of agentDir records its pid while it runs (killall stops it first). */
export function recordAgentProcess(agentDir: string): Disposable {
  writeFileSync(agentPidFile(agentDir), `${process.pid}\n`);
  return {
    [Symbol.dispose]() {
      if (readPid(agentPidFile(agentDir)) === process.pid) rmSync(agentPidFile(agentDir), { force: true });
    },
  };
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

async function stopProcess(pid: number, timeoutMs: number): Promise<boolean> {
  try { process.kill(pid, 'SIGTERM'); } catch { return true; }
  for (const end = Date.now() + timeoutMs; Date.now() < end;) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  try { process.kill(pid, 'SIGKILL'); } catch { /* gone meanwhile */ }
  return !alive(pid);
}

/** Stops and removes everything the node of dataDir (its <dataDir>/agent) runs and holds; returns what it did. */
export async function killAll(dataDir: string, options: { run?: CommandRunner } = {}): Promise<string[]> {
  const run = options.run ?? runCommand;
  const dir = join(dataDir, 'agent');
  const done: string[] = [];
  if (!existsSync(dir)) return [...done, ...(await unmountVolumes(dataDir, run))];
  const agentPid = readPid(agentPidFile(dir));
  if (agentPid !== undefined && agentPid !== process.pid && alive(agentPid)) {
    await stopProcess(agentPid, 30_000);
    done.push(`stopped the agent (pid ${agentPid})`);
  }
  rmSync(agentPidFile(dir), { force: true });
  const podsDir = join(dir, 'pods');
  const remote = await connectRuntimeProcess(dir);
  if (remote) {
    const containers = (await remote.listContainers()).length;
    await removeLeftovers(remote, { podsDir, run });
    await remote.shutdown();
    await remote[Symbol.asyncDispose]();
    for (let i = 0; i < 200 && alive(remote.pid); i++) await new Promise((r) => setTimeout(r, 25));
    done.push(`stopped ${containers} container(s) and the runtime process (pid ${remote.pid})`);
  } else if (existsSync(join(dir, 'containers')) || existsSync(join(dir, 'sandboxes')) || existsSync(podsDir)) {
    // No runtime process (it was killed): its containers may still run under runc.
    const runtime = new RuncRuntime({ dataDir: dir });
    const containers = (await runtime.listContainers()).length;
    await removeLeftovers(runtime, { podsDir, run });
    if (containers) done.push(`stopped ${containers} container(s) left by a runtime process that is gone`);
  }
  const stalePid = readPid(runtimePidPath(dir));
  if (stalePid !== undefined && alive(stalePid) && (remote === undefined || stalePid !== remote.pid)) await stopProcess(stalePid, 5000);
  rmSync(runtimePidPath(dir), { force: true });
  const network = readNodeNetworkState(dir);
  if (network) {
    await removeServiceRules(run, network.proxyTable);
    for (const cidr of network.routes) await run('ip', ['route', 'del', cidr]).catch(() => undefined);
    await run('ip', ['link', 'del', network.bridge]).catch(() => undefined);
    releaseNetworkClaim(network.bridge, dataDir);
    removeNodeNetworkState(dir);
    done.push(`removed the pod network (bridge ${network.bridge}, ${network.podCidr}) and the service rules`);
  }
  // pod-ips.json stays: the pods that come back when the node starts again get their addresses again.
  return [...done, ...(await unmountVolumes(dataDir, run))];
}

/** The size-enforced local-path volumes are unmounted (their images stay: the next start mounts them again). */
async function unmountVolumes(dataDir: string, run: CommandRunner): Promise<string[]> {
  const points = await new VolumeImages({ run }).unmountAll(join(dataDir, 'storage'));
  return points.length ? [`unmounted ${points.length} local-path volume(s)`] : [];
}
