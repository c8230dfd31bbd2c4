// The node side of volume management as the control plane sees it: creating, emptying and removing a
// volume's directory on a given node. The embedded node of `skiff server` implements it on the local
// machine; remote agents and simulated nodes bring their own implementations.

/** Directory operations on one node. Every method is idempotent and rejects only when the node failed. */
export interface NodeVolumeHost {
  /** Where dynamically provisioned local volumes live on this node (`<data-dir>/storage`). */
  readonly storageDir: string;
  /**
   * Creates the directory (and parents), writable by every user as local-path volumes are. With a capacity, a
   * host that enforces sizes makes it a volume of that size (a writer past it gets ENOSPC), of the filesystem
   * `fsType` names (the host's default when absent); it rejects a type or size it cannot make with a RangeError
   * whose message says why.
   */
  createDirectory(path: string, options?: VolumeSize): Promise<void>;
  /** Grows a size-enforced volume to capacityBytes while it is in use; a plain directory has nothing to grow. */
  expandVolume(path: string, capacityBytes: number): Promise<void>;
  /** Removes the directory with everything in it; an absent directory is fine. */
  removeDirectory(path: string): Promise<void>;
  /** Removes everything inside the directory and keeps the directory (a volume scrub). */
  emptyDirectory(path: string): Promise<void>;
  /**
   * Copies the directory `source` as of one moment into `target` (created with its parents; must not exist yet):
   * a snapshot (a plain directory), a restore or a clone (with a size: a volume as createDirectory makes it).
   * Resolves with the bytes the copy holds.
   */
  copyDirectory(source: string, target: string, options?: VolumeSize): Promise<{ sizeBytes: number }>;
}

export interface VolumeSize {
  readonly capacityBytes?: number;
  readonly fsType?: string;
}

/** Finds the host serving a node. Lookups are cheap and synchronous. */
export interface NodeVolumeHosts {
  /** The host of node `name`, or undefined when nothing on this server serves that node. */
  forNode(name: string): NodeVolumeHost | undefined;
  /** The host for volumes not pinned to a node (hostPath without node affinity), if any. */
  readonly unpinned: NodeVolumeHost | undefined;
}
