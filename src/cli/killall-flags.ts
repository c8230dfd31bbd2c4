// `skiff killall` flags (pure; cmd/killall.ts does the work).
import { resolve } from 'node:path';
import { defaultAgentDataDir } from './agent-flags.js';
import { scanFlags } from './flag-scan.js';
import { defaultDataDir } from './server-flags.js';

export interface KillallFlags {
  /** The data dirs whose node is stopped and cleaned: --data-dir, or both defaults (server's and agent's). */
  dataDirs: string[];
  help: boolean;
}

export const killallUsage = `Usage: skiff killall [flags]

Stops everything a node on this machine runs, which stopping \`skiff server\` or \`skiff agent\` leaves running for
the next start to adopt: the server or agent if it still runs, every pod's containers, the container runtime
process, pod sandboxes and directories, and the node's network (pod bridge, service rules, routes). Data in
volumes, the datastore and the image store stay.

Flags:
  --data-dir DIR   the server's or agent's data dir (default: both /var/lib/skiff and /var/lib/skiff-agent, or
                   ~/.skiff and ~/.skiff-agent when not root)
  -h, --help       show this help
`;

export function parseKillallFlags(argv: readonly string[], uid: number | undefined = process.getuid?.()): KillallFlags {
  const { raw, help } = scanFlags(argv, new Set(['--data-dir']));
  const dir = raw.get('--data-dir');
  return { dataDirs: dir !== undefined ? [resolve(dir)] : [defaultDataDir(uid), defaultAgentDataDir(uid)], help };
}
