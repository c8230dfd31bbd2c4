// Starting one container of a pod (kubelet's startContainer): its image by pull policy (with image pull
// back-off), its config (container-config.ts) from the resolved env, volumes and pod files, then the runtime.
// Each outcome is an Event and a value the worker records; nothing here keeps state.
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Container, Pod, Secret } from 'kubernetes-types/core/v1.js';
import { errorMessage } from '../../util/index.js';
import type { ContainerRuntime, ContainerStatus, Sandbox } from '../runtime/container-runtime.js';
import type { LogRotation } from '../runtime/log-rotation.js';
import { containerConfig, containerMounts, SpecError, type ImageFiles } from './container-config.js';
import { ContainerConfigError, resolveEnv, type EnvSources } from './env.js';
import { ImageNeverPullError, pulledMessage, type PulledImage } from './image-puller.js';
import { initialBackoffMs, maxBackoffMs } from './restart.js';
import type { PreparedVolume } from './volumes.js';

/** Where images come from (ImagePuller on a real node). */
export interface ImageSource {
  /** The image for the container by its pull policy; onPulling is called before a pull. Rejects when it cannot be had. */
  ensure(container: Container, secrets: readonly Secret[], onPulling: () => void): Promise<PulledImage>;
}

export interface StartEnv {
  runtime: ContainerRuntime;
  images: ImageSource;
  sources: EnvSources & { secrets(namespace: string, names: readonly string[]): Secret[] };
  allocatable: Record<string, string>;
  /** The capabilities the node may hand on. */
  capabilities: readonly string[];
  /** How the runtime rotates container logs (absent: it does not). */
  logRotation?: LogRotation | undefined;
  nowMs(): number;
  event(type: 'Normal' | 'Warning', reason: string, message: string, fieldPath: string): void;
}

export interface StartRequest {
  pod: Pod;
  container: Container;
  key: string;
  fieldPath: string;
  attempt: number;
  sandbox: Sandbox;
  volumes: ReadonlyMap<string, PreparedVolume>;
  podDir: string;
  logPath: string;
  terminationFile: string;
  /** The image pull back-off so far (absent: the last pull, if any, worked). */
  pullBackoff: { delayMs: number } | undefined;
}

export type Waiting = { reason: string; message: string };

export type StartOutcome =
  | { kind: 'started'; status: ContainerStatus; imageID: string }
  /** The image could not be had: the container waits, pulls again after the back-off. */
  | { kind: 'pullFailed'; waiting: Waiting; pullBackoff: { untilMs: number; delayMs: number } }
  /** The container could not be made or started: it waits and is tried again after retryMs. */
  | { kind: 'failed'; imageID: string; waiting: Waiting; retryMs: number };

async function pull(env: StartEnv, req: StartRequest): Promise<PulledImage | Extract<StartOutcome, { kind: 'pullFailed' }>> {
  const { pod, container, fieldPath } = req;
  try {
    const secrets = env.sources.secrets(pod.metadata?.namespace ?? 'default', (pod.spec?.imagePullSecrets ?? []).map((s) => s.name ?? ''));
    const image = await env.images.ensure(container, secrets, () => env.event('Normal', 'Pulling', `Pulling image "${container.image}"`, fieldPath));
    if (image.pulledMs !== undefined) env.event('Normal', 'Pulled', pulledMessage(container.image ?? '', image.pulledMs, image.record), fieldPath);
    else env.event('Normal', 'Pulled', `Container image "${container.image}" already present on machine`, fieldPath);
    return image;
  } catch (e: unknown) {
    const never = e instanceof ImageNeverPullError;
    const prev = req.pullBackoff;
    const delayMs = prev ? Math.min(maxBackoffMs, prev.delayMs * 2) : initialBackoffMs;
    const reason = never ? 'ErrImageNeverPull' : prev ? 'ImagePullBackOff' : 'ErrImagePull';
    const message = never ? errorMessage(e) : prev ? `Back-off pulling image "${container.image}"` : `failed to pull and unpack image "${container.image}": ${errorMessage(e)}`;
    if (!never) env.event('Warning', 'Failed', `Failed to pull image "${container.image}": ${errorMessage(e)}`, fieldPath);
    env.event('Warning', prev && !never ? 'BackOff' : 'Failed', prev && !never ? `Back-off pulling image "${container.image}"` : `Error: ${reason}`, fieldPath);
    return { kind: 'pullFailed', waiting: { reason, message }, pullBackoff: { untilMs: env.nowMs() + delayMs, delayMs } };
  }
}

const readRootFile = (root: string, path: string): string | undefined => { try { return readFileSync(join(root, path), 'utf8'); } catch { return undefined; } };

/** Pulls, translates and starts the container; resolves with what happened (never rejects for the container's own faults). */
export async function startContainer(env: StartEnv, req: StartRequest): Promise<StartOutcome> {
  const { pod, container, fieldPath } = req;
  const image = await pull(env, req);
  if ('kind' in image) return image;
  const imageID = `${image.record.reference.replace(/:[^:/]+$/, '')}@${image.record.manifestDigest}`;
  let status: ContainerStatus;
  try {
    const containerEnv = resolveEnv(pod, container, env.sources, env.allocatable);
    const { mounts, directories } = containerMounts(container, { podDir: req.podDir, terminationFile: req.terminationFile, volumes: req.volumes });
    const passwd = readRootFile(image.root, 'etc/passwd');
    const group = readRootFile(image.root, 'etc/group');
    const files: ImageFiles = { ...(passwd !== undefined ? { passwd } : {}), ...(group !== undefined ? { group } : {}) };
    const config = containerConfig({
      pod, container, key: req.key, attempt: req.attempt, env: containerEnv, mounts, available: env.capabilities, logPath: req.logPath, logRotation: env.logRotation,
      image: { root: image.root, config: image.record.config, files },
    });
    // The container's termination-log file (writable by any user), and subPath directories not there yet.
    await fs.mkdir(join(req.terminationFile, '..'), { recursive: true });
    await fs.writeFile(req.terminationFile, '', { mode: 0o666 });
    await fs.chmod(req.terminationFile, 0o666);
    for (const d of directories) if (!existsSync(d)) await fs.mkdir(d, { recursive: true, mode: 0o755 });
    status = await env.runtime.startContainer(req.sandbox, config);
  } catch (e: unknown) {
    const reason = e instanceof ContainerConfigError ? 'CreateContainerConfigError' : 'CreateContainerError';
    env.event('Warning', 'Failed', `Error: ${errorMessage(e)}`, fieldPath);
    return { kind: 'failed', imageID, waiting: { reason, message: errorMessage(e) }, retryMs: e instanceof SpecError ? 10_000 : 5000 };
  }
  env.event('Normal', 'Created', `Created container ${container.name}`, fieldPath);
  env.event('Normal', 'Started', `Started container ${container.name}`, fieldPath);
  return { kind: 'started', status, imageID };
}
