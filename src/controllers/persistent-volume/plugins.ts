// The in-tree reclaim plugins: hostPath (recycle anywhere, delete only under /tmp/ as upstream) and
// local volumes (recycle on their node), carried out by the node volume host that serves the volume.
import { pinnedNode, type VolumeObject as Volume } from '../../api/index.js';
import type { NodeVolumeHost, NodeVolumeHosts } from '../../client/index.js';
import type { VolumePlugins } from './env.js';

export class HostVolumePlugins implements VolumePlugins {
  readonly #hosts: NodeVolumeHosts;
  constructor(hosts: NodeVolumeHosts) {
    this.#hosts = hosts;
  }

  #hostFor(volume: Volume): NodeVolumeHost | undefined {
    const node = pinnedNode(volume);
    return node === undefined ? this.#hosts.unpinned : this.#hosts.forNode(node);
  }

  /** hostPath and local volumes are scrubbed in place (upstream runs a recycler pod doing the same `rm`). */
  recycler(volume: Volume): (() => Promise<void>) | undefined {
    const path = volume.spec?.hostPath?.path ?? volume.spec?.local?.path;
    const host = this.#hostFor(volume);
    if (path === undefined || !host) return undefined;
    return () => host.emptyDirectory(path);
  }

  deleter(volume: Volume): (() => Promise<void>) | undefined {
    const path = volume.spec?.hostPath?.path;
    if (path === undefined) return undefined;
    if (!/^\/tmp\/.+/.test(path)) throw new Error(`host_path deleter only supports /tmp/.+ but received provided ${path}`);
    const host = this.#hostFor(volume);
    if (!host) return undefined;
    return () => host.removeDirectory(path);
  }
}
