// Runs a host command to completion (ip, unshare, mount, runc's short verbs), with its stderr in the error.
import { execFile } from 'node:child_process';

export class CommandError extends Error {
  override name = 'CommandError';
  constructor(readonly command: string, readonly code: number | null, readonly stderr: string) {
    super(`${command}: ${stderr.trim() || `exit status ${code}`}`);
  }
}

/** The seam for tests: every host command of the runtime and the pod network goes through one of these. */
export type CommandRunner = (file: string, args: readonly string[], options?: { input?: string }) => Promise<string>;

export const runCommand: CommandRunner = (file, args, options = {}) =>
  new Promise((resolve, reject) => {
    const child = execFile(file, [...args], { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new CommandError(`${file} ${args.join(' ')}`, typeof error.code === 'number' ? error.code : null, String(stderr)));
      else resolve(String(stdout));
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
