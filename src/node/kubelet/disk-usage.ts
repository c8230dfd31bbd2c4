// The disk a directory tree takes (du), for eviction's ranking of pods by their logs and volumes.
import { existsSync } from 'node:fs';
import type { CommandRunner } from '../runtime/exec.js';

/** Bytes the tree at path takes on disk; 0 when it is missing or du fails. */
export async function diskUsage(run: CommandRunner, path: string): Promise<number> {
  if (!existsSync(path)) return 0;
  const out = await run('du', ['-sxk', path]).catch(() => '0');
  return (Number(out.split(/\s/)[0]) || 0) * 1024;
}
