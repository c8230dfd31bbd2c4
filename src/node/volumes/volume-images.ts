// Size-enforced local-path volumes on this machine (volume-image-plan.ts says why images): a sparse image file per
// volume under <storageDir>/.images, formatted, loop-mounted at the volume directory for the volume's whole life.
// An agent that starts mounts the images that are not mounted (after a reboot or `skiff killall`) before any pod
// can use them; growing a volume grows its image, its loop device and then its mounted filesystem.
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, rename, rm, rmdir, stat, statfs, truncate, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { mountAt, mountsBelow, readMounts } from '../mounts.js';
import { runCommand, type CommandRunner } from '../runtime/exec.js';
import {
  growCommand, imagePathOf, imagesDirOf, isVolumeFsType, mkfsCommand, volumePathOfImage, type VolumeFsType,
} from './volume-image-plan.js';

/** What a volume holds and can hold (statfs of its mounted filesystem), as the kubelet's volume stats report. */
export interface VolumeUsage {
  capacityBytes: number;
  usedBytes: number;
  availableBytes: number;
  inodes: number;
  inodesFree: number;
  inodesUsed: number;
}

export async function volumeUsage(path: string): Promise<VolumeUsage> {
  const s = await statfs(path);
  return {
    capacityBytes: s.blocks * s.bsize, availableBytes: s.bavail * s.bsize, usedBytes: (s.blocks - s.bfree) * s.bsize,
    inodes: s.files, inodesFree: s.ffree, inodesUsed: s.files - s.ffree,
  };
}

/** Whether this machine can make size-enforced volumes: loop devices and mkfs.ext4; the reason when it cannot. */
export async function volumeImageSupport(run: CommandRunner = runCommand): Promise<{ supported: true } | { supported: false; reason: string }> {
  if (!existsSync('/dev/loop-control')) return { supported: false, reason: 'no loop devices (/dev/loop-control is missing)' };
  try {
    await run('mkfs.ext4', ['-V']);
  } catch {
    return { supported: false, reason: 'mkfs.ext4 is not installed (Debian package e2fsprogs)' };
  }
  return { supported: true };
}

export class VolumeImages {
  readonly #run: CommandRunner;
  /** Whether mkfs.xfs is installed (xfs is the default from 1 GiB where it is). */
  readonly xfs: boolean;
  constructor(options: { run?: CommandRunner; xfs?: boolean } = {}) {
    this.#run = options.run ?? runCommand;
    this.xfs = options.xfs ?? ['/usr/sbin/mkfs.xfs', '/sbin/mkfs.xfs', '/usr/bin/mkfs.xfs'].some((p) => existsSync(p));
  }

  /** Whether volumePath is an image-backed volume (its image exists). */
  isImageVolume(volumePath: string): boolean {
    return existsSync(imagePathOf(volumePath));
  }

  /**
   * Makes the volume (idempotent): a sparse image of `bytes`, formatted, mounted at volumePath, its root writable by
   * every user as local-path directories are. The image is formatted under a temporary name and renamed, so a
   * crash never leaves a half-made image that looks finished.
   */
  async create(volumePath: string, bytes: number, fsType: VolumeFsType): Promise<void> {
    const image = imagePathOf(volumePath);
    const fresh = !existsSync(image);
    if (fresh) {
      const tmp = `${image}.tmp`;
      await mkdir(dirname(image), { recursive: true });
      await writeFile(tmp, '');
      await truncate(tmp, bytes);
      const mkfs = mkfsCommand(fsType, tmp);
      await this.#run(mkfs.file, mkfs.args);
      await rename(tmp, image);
    }
    await this.#mount(image, volumePath, { fresh });
  }

  async #mount(image: string, volumePath: string, options: { fresh: boolean }): Promise<void> {
    await mkdir(volumePath, { recursive: true });
    if (!mountAt(await readMounts(), volumePath)) await this.#run('mount', ['-o', 'loop', image, volumePath]);
    if (options.fresh) {
      // ext4's lost+found would make the volume look used (initdb, mysqld refuse a non-empty data directory);
      // e2fsck makes it again when it needs it.
      await rmdir(`${volumePath}/lost+found`).catch(() => undefined);
      await chmod(volumePath, 0o777);
    }
  }

  /** Freezes the mounted volume's filesystem (writers wait) for a consistent copy; thaw() ends it. */
  async freeze(volumePath: string): Promise<void> {
    await this.#run('fsfreeze', ['--freeze', volumePath]);
  }

  async thaw(volumePath: string): Promise<void> {
    await this.#run('fsfreeze', ['--unfreeze', volumePath]);
  }

  /**
   * Mounts every image under storageDir that is not mounted; returns the volume paths it mounted. One that is
   * mounted is thawed (a process that died during a copy may have left it frozen).
   */
  async mountAll(storageDir: string): Promise<string[]> {
    const files = await readdir(imagesDirOf(storageDir)).catch(() => [] as string[]);
    const mounts = await readMounts();
    const done: string[] = [];
    for (const f of files.sort()) {
      const volumePath = volumePathOfImage(storageDir, f);
      if (volumePath === undefined) continue;
      if (mountAt(mounts, volumePath)) {
        await this.thaw(volumePath).catch(() => undefined);
        continue;
      }
      await this.#mount(imagePathOf(volumePath), volumePath, { fresh: false });
      done.push(volumePath);
    }
    return done;
  }

  /** Unmounts every volume mounted below storageDir (`skiff killall`); returns the mount points. */
  async unmountAll(storageDir: string): Promise<string[]> {
    const points = mountsBelow(await readMounts(), storageDir).filter((p) => p !== storageDir);
    for (const p of points) await this.#run('umount', [p]);
    return points;
  }

  /** Unmounts the volume and deletes its image and directory; a plain directory volume is just removed. */
  async remove(volumePath: string): Promise<void> {
    while (mountAt(await readMounts(), volumePath)) await this.#run('umount', [volumePath]);
    await rm(imagePathOf(volumePath), { force: true });
    await rm(volumePath, { recursive: true, force: true });
  }

  /**
   * Grows a mounted image volume to `bytes` while it is in use: the image file, its loop device, then the
   * filesystem (resize2fs on the device, xfs_growfs on the mount point). Never shrinks. Idempotent: a retry after
   * a failure grows what is left to grow.
   */
  async expand(volumePath: string, bytes: number): Promise<void> {
    const image = imagePathOf(volumePath);
    const mount = mountAt(await readMounts(), volumePath);
    if (!mount) throw new Error(`volume ${volumePath} is not mounted`);
    if (!isVolumeFsType(mount.fsType)) throw new Error(`volume ${volumePath} holds a ${mount.fsType} filesystem, which cannot be grown`);
    if ((await stat(image)).size < bytes) await truncate(image, bytes);
    await this.#run('losetup', ['-c', mount.source]);
    // Both tools succeed doing nothing when the filesystem already spans the device (a retry).
    const grow = growCommand(mount.fsType, mount.source, volumePath);
    await this.#run(grow.file, grow.args);
  }
}
