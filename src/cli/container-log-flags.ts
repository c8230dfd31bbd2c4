// kubelet's --container-log-max-size and --container-log-max-files, taken by `skiff server` (for its embedded
// node) and `skiff agent` alike (pure).
import { parseQuantity } from '../api/index.js';
import { errorMessage } from '../util/index.js';
import { FlagError } from './flag-scan.js';

/** How a node's runtime rotates container logs (the node's LogRotation, as plain data). */
export interface ContainerLogRotationFlags {
  maxBytes: number;
  maxFiles: number;
}

export const containerLogValuedFlags = ['--container-log-max-size', '--container-log-max-files'] as const;

export const containerLogUsage = `  --container-log-max-size Q  size a container's log file may reach before it is rotated (a quantity,
                              default 10Mi; negative: logs are never rotated)
  --container-log-max-files N  log files kept per container, the current one included (default 5; at least 2)
`;

/** Upstream kubelet's defaults: 10Mi × 5 files. */
const defaultMaxSize = '10Mi';
const defaultMaxFiles = '5';

/** The rotation the flags ask for; undefined when the size is negative (upstream: rotation disabled). */
export function parseContainerLogFlags(raw: ReadonlyMap<string, string>): ContainerLogRotationFlags | undefined {
  const sizeText = raw.get('--container-log-max-size') ?? defaultMaxSize;
  let maxBytes: number;
  try {
    maxBytes = parseQuantity(sizeText).value;
  } catch (e: unknown) {
    throw new FlagError(`invalid argument "${sizeText}" for "--container-log-max-size": ${errorMessage(e)}`);
  }
  if (!Number.isSafeInteger(maxBytes)) throw new FlagError(`invalid argument "${sizeText}" for "--container-log-max-size": must be a whole number of bytes, such as 10Mi`);
  if (maxBytes === 0) throw new FlagError(`invalid argument "${sizeText}" for "--container-log-max-size": must be positive, such as 10Mi (negative: no rotation)`);
  const filesText = raw.get('--container-log-max-files') ?? defaultMaxFiles;
  if (!/^\d+$/.test(filesText) || !Number.isSafeInteger(Number(filesText)) || Number(filesText) < 2) {
    throw new FlagError(`invalid argument "${filesText}" for "--container-log-max-files": must be an integer greater than 1`);
  }
  return maxBytes < 0 ? undefined : { maxBytes, maxFiles: Number(filesText) };
}
