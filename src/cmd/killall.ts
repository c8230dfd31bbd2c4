// `skiff killall`: stops what a node on this machine runs and removes its network (node/killall.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FlagError, killallUsage, parseKillallFlags } from '../cli/index.js';
import { killAll } from '../node/index.js';

export async function runKillall(argv: readonly string[]): Promise<number> {
  let flags;
  try {
    flags = parseKillallFlags(argv);
  } catch (e: unknown) {
    if (e instanceof FlagError) { process.stderr.write(`Error: ${e.message}\n\n${killallUsage}`); return 2; }
    throw e;
  }
  if (flags.help) { process.stdout.write(killallUsage); return 0; }
  if (process.getuid?.() !== 0 && flags.dataDirs.some((d) => existsSync(join(d, 'agent')))) {
    process.stderr.write('Error: skiff killall must run as root (containers, mounts, network)\n');
    return 1;
  }
  for (const dir of flags.dataDirs) {
    for (const line of await killAll(dir)) process.stdout.write(`${dir}: ${line}\n`);
  }
  return 0;
}
