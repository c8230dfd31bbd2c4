// The mounts of this machine as /proc/self/mountinfo lists them: the parsing (pure) and the read. The runtime asks
// whether a pod's namespaces are still mounted; size-enforced volumes whether their images are.
import { readFile } from 'node:fs/promises';

export interface MountEntry {
  mountPoint: string;
  fsType: string;
  source: string;
}

/** `\040`-style escapes of /proc/self/mountinfo fields. */
const unescapeMount = (s: string): string => s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));

/** The mounts of a /proc/self/mountinfo text (mount point, filesystem type, source), in order. */
export function parseMountInfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const sep = fields.indexOf('-');
    if (sep < 5 || fields.length < sep + 3) continue;
    out.push({ mountPoint: unescapeMount(fields[4]!), fsType: fields[sep + 1]!, source: unescapeMount(fields[sep + 2]!) });
  }
  return out;
}

/** The last mount at a path (the one a lookup sees), if any. */
export function mountAt(mounts: readonly MountEntry[], path: string): MountEntry | undefined {
  for (let i = mounts.length - 1; i >= 0; i--) if (mounts[i]!.mountPoint === path) return mounts[i];
  return undefined;
}

/** Mount points at or below dir, deepest first (the order to unmount them). */
export function mountsBelow(mounts: readonly MountEntry[], dir: string): string[] {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  const points = mounts.map((m) => m.mountPoint).filter((p) => p === dir || p.startsWith(prefix));
  return [...new Set(points)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

/** This process's mounts now. */
export async function readMounts(): Promise<MountEntry[]> {
  return parseMountInfo(await readFile('/proc/self/mountinfo', 'utf8'));
}
