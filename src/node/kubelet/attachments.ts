// The kubelet's half of attach/detach: it reports the attachable volumes its pods use in Node status
// volumesInUse (so the attach/detach controller never detaches one from under a pod), and tells the pod
// workers whether a volume is attached yet (Node status volumesAttached, written by that controller).
import type { Node } from 'kubernetes-types/core/v1.js';
import { lookupResource } from '../../api/index.js';
import type { ControllerContext } from '../../client/index.js';
import { errorMessage } from '../../util/index.js';

const nodesR = lookupResource('', 'v1', 'nodes')!;

export interface VolumeAttachments {
  /** Reports the pod's attachable volumes in use; resolves once the node's status says so. */
  use(podUid: string, uniqueNames: readonly string[]): Promise<void>;
  /** The pod no longer uses its volumes (torn down). */
  release(podUid: string): void;
  isAttached(uniqueName: string): boolean;
  /** Writes what the pods report now (after a restart: once the adopted pods have reported theirs). */
  sync(): Promise<void>;
}

export class NodeVolumesInUse implements VolumeAttachments {
  readonly #ctx: Pick<ControllerContext, 'client' | 'logger'>;
  readonly #nodeName: string;
  readonly #node: () => Node | undefined;
  readonly #byPod = new Map<string, readonly string[]>();
  /** What the node's status says now, as last written (undefined: not written since start). */
  #written: string | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(ctx: Pick<ControllerContext, 'client' | 'logger'>, nodeName: string, node: () => Node | undefined) {
    this.#ctx = ctx;
    this.#nodeName = nodeName;
    this.#node = node;
  }

  async use(podUid: string, uniqueNames: readonly string[]): Promise<void> {
    this.#byPod.set(podUid, uniqueNames);
    await this.sync();
  }

  release(podUid: string): void {
    if (!this.#byPod.delete(podUid)) return;
    this.sync().catch((e: unknown) => this.#ctx.logger.warn('volumesInUse not updated', { error: errorMessage(e) }));
  }

  isAttached(uniqueName: string): boolean {
    return (this.#node()?.status?.volumesAttached ?? []).some((v) => v.name === uniqueName);
  }

  /** Writes volumesInUse when it differs from the last write (the first call after start always writes). */
  sync(): Promise<void> {
    const next = this.#writing.catch(() => undefined).then(async () => {
      const list = [...new Set([...this.#byPod.values()].flat())].sort();
      const text = list.join('\n');
      if (text === this.#written) return;
      await this.#ctx.client.patch(nodesR, '', this.#nodeName, { status: { volumesInUse: list.length ? list : null } }, 'merge', 'status');
      this.#written = text;
    });
    this.#writing = next;
    return next;
  }
}
