// `skiff images` flags: import FILE… and list, on the image store of the node whose data dir is given.
import { resolve } from 'node:path';
import { defaultDataDir } from './server-flags.js';
import { FlagError, scanFlags } from './flag-scan.js';

export interface ImagesFlags {
  command: 'import' | 'list' | 'pull';
  dataDir: string;
  files: string[];
  help: boolean;
}

export const imagesUsage = `Usage: skiff images import [--data-dir DIR] FILE…
       skiff images pull [--data-dir DIR] IMAGE…
       skiff images list [--data-dir DIR]

Imports \`docker save\` archives and OCI image layouts (tar, optionally gzip-compressed), or pulls images from
their registries (distribution API v2; plain HTTP for localhost and 127.0.0.1), into the image store of the
node whose data directory is DIR, or lists what it holds. Works while that node runs.

Flags:
  --data-dir DIR              the node's data directory (default /var/lib/skiff, or ~/.skiff when not root)
  -h, --help                  show this help
`;

export function parseImagesFlags(argv: readonly string[], uid?: number): ImagesFlags {
  const [command, ...rest] = argv;
  const isFlag = (a: string, i: number): boolean => a.startsWith('-') || rest[i - 1] === '--data-dir';
  const positional = rest.filter((a, i) => !isFlag(a, i));
  const { raw, help } = scanFlags(rest.filter(isFlag), new Set(['--data-dir']));
  const base = { dataDir: resolve(raw.get('--data-dir') ?? defaultDataDir(uid)), files: positional.map((f) => resolve(f)), help: help || command === '-h' || command === '--help' };
  if (base.help) return { command: 'list', ...base, help: true };
  if (command !== 'import' && command !== 'list' && command !== 'pull') throw new FlagError(command ? `unknown command "${command}" for "skiff images"` : 'a command is required: import, pull or list');
  if (command === 'import' && positional.length === 0) throw new FlagError('import needs at least one archive file');
  if (command === 'pull') {
    if (positional.length === 0) throw new FlagError('pull needs at least one image');
    return { command, ...base, files: positional }; // image references are not paths: kept as written
  }
  if (command === 'list' && positional.length) throw new FlagError(`list takes no arguments, got "${positional[0]}"`);
  return { command, ...base };
}
