// Size-enforced local-path volumes, the pure part: a volume is a filesystem image of the claim's size, loop-mounted
// at the volume's directory (the path its PV names), so a writer stops at the size with ENOSPC and `df` in the pod
// shows it. Why images rather than project quotas: quotas need a filesystem mounted with them (the node's own
// root rarely is) and a kernel built with them (this project's CI kernel has neither ext4 nor xfs quotas), while
// loop devices and mkfs are wherever a container runtime is. Which filesystem: the class parameter
// csi.storage.k8s.io/fstype names it; by default xfs from 1 GiB, since it grows online with CAP_SYS_ADMIN alone,
// and ext4 below (any size from 1 MiB; its online resize also needs CAP_SYS_RESOURCE, which container sandboxes
// often withhold). Not xfs below 1 GiB: its log takes 64 MiB at least (a 300 MiB xfs has 230 MiB free, an ext4
// 280 MiB; at 1 GiB 965 MiB and 1004 MiB).
import { basename, dirname, join } from 'node:path';
import { fsTypeParameter } from '../../api/index.js';

export const volumeFsTypes = ['ext4', 'xfs'] as const;
export type VolumeFsType = (typeof volumeFsTypes)[number];

const MiB = 1024 * 1024;
/** The smallest filesystem each mkfs makes: smaller requests get this much (ext4), or are refused (xfs). */
export const minimumImageBytes: Readonly<Record<VolumeFsType, number>> = { ext4: MiB, xfs: 300 * MiB };
/** Requests from this size get xfs unless the class names a filesystem. */
export const xfsByDefaultFromBytes = 1024 * MiB;

export const isVolumeFsType = (s: string): s is VolumeFsType => (volumeFsTypes as readonly string[]).includes(s);

/** Bytes rounded up to whole 4 KiB blocks: the size an image is made or grown to. */
export const wholeBlocks = (bytes: number): number => Math.ceil(bytes / 4096) * 4096;

/**
 * The image for a request: its size rounded up to 4 KiB blocks (an ext4 request under 1 MiB gets 1 MiB), and its
 * filesystem: the one asked for, else xfs from 1 GiB where mkfs.xfs is installed, else ext4. Throws a RangeError
 * with the message the claim's ProvisioningFailed event carries for a type or a size mkfs cannot make.
 */
export function imageFor(requestBytes: number, fsType?: string, options: { xfs?: boolean } = {}): { bytes: number; fsType: VolumeFsType } {
  if (!(requestBytes > 0) || !Number.isFinite(requestBytes)) throw new RangeError(`a size-enforced volume needs a positive storage request, not ${requestBytes}`);
  const blocks = wholeBlocks(requestBytes);
  const type = fsType ?? (options.xfs !== false && blocks >= xfsByDefaultFromBytes ? 'xfs' : 'ext4');
  if (!isVolumeFsType(type)) throw new RangeError(`unsupported ${fsTypeParameter} "${type}": supported values are ${volumeFsTypes.map((t) => `"${t}"`).join(', ')}`);
  if (type === 'xfs' && blocks < minimumImageBytes.xfs) throw new RangeError(`an xfs volume must be at least 300Mi (mkfs.xfs's minimum); the claim requests ${requestBytes} bytes`);
  return { bytes: Math.max(blocks, minimumImageBytes[type]), fsType: type };
}

/** mkfs for a new image: no blocks reserved for root (the volume's user gets them all), quiet, no prompts. */
export function mkfsCommand(fsType: VolumeFsType, image: string): { file: string; args: string[] } {
  return fsType === 'ext4'
    ? { file: 'mkfs.ext4', args: ['-q', '-F', '-m', '0', image] }
    : { file: 'mkfs.xfs', args: ['-q', '-f', image] };
}

/** Growing a mounted filesystem to its (already grown) loop device. */
export function growCommand(fsType: VolumeFsType, device: string, mountPoint: string): { file: string; args: string[] } {
  return fsType === 'ext4' ? { file: 'resize2fs', args: [device] } : { file: 'xfs_growfs', args: [mountPoint] };
}

/** Where the image of a volume directory lives: `<storageDir>/.images/<volume directory name>.img`. */
export const imagesDirOf = (storageDir: string): string => join(storageDir, '.images');
export const imagePathOf = (volumePath: string): string => join(imagesDirOf(dirname(volumePath)), `${basename(volumePath)}.img`);
/** The volume directory an image file serves (the inverse of imagePathOf), or undefined for other files. */
export function volumePathOfImage(storageDir: string, fileName: string): string | undefined {
  return fileName.endsWith('.img') && !fileName.startsWith('.') ? join(storageDir, fileName.slice(0, -'.img'.length)) : undefined;
}
