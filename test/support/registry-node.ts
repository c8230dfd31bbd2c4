// A `skiff server` whose embedded agent runs real pods (runc, as root), with the test images (busybox, an
// nginx-like httpd, a rebuilt hpa-example) pushed to a local docker-registry on 127.0.0.1. For e2e tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSkiff, type SkiffProcess } from './skiff-process.js';
import { registryAvailable, startRegistry, type LocalRegistry } from './local-registry.js';
import { pushTestImages, type TestImages } from './test-images.js';
import { realNodeSkip } from './airgap-node.js';

/** Why a real node with a registry cannot run here (printed as a skip), or false. */
export function registryNodeSkip(what: string): string | false {
  const skip = realNodeSkip(what);
  if (skip) return skip;
  if (registryAvailable()) return false;
  process.stdout.write(`# skipping ${what}: docker-registry (Debian package) is not installed\n`);
  return 'docker-registry (Debian package) is not installed';
}

export interface RegistryNode {
  readonly s: SkiffProcess;
  readonly images: TestImages;
  /** The registry the node pulls from: tests push images of their own to it. */
  readonly registry: LocalRegistry;
  stop(): Promise<void>;
}

/** Starts a registry with the test images and a server whose node is named `node`; `args` go to `skiff server`. */
export async function startRegistryNode(node: string, args: readonly string[] = []): Promise<RegistryNode> {
  const registry = await startRegistry();
  const dataDir = mkdtempSync(join(tmpdir(), `skiff-${node}-`));
  try {
    const images = await pushTestImages(registry);
    const s = await startSkiff({ agent: true, dataDir, args: ['--node-name', node, ...args] });
    return {
      s, images, registry,
      async stop() {
        await s.stop();
        await registry.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (e: unknown) {
    await registry.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}
