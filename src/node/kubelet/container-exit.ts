// How a container ended, as its status says it (kubelet's terminated state): exit code, reason (OOMKilled,
// Completed, Error), times and the termination message — the file it wrote, or with FallbackToLogsOnError the
// tail of its log.
import { promises as fs } from 'node:fs';
import type { Container } from 'kubernetes-types/core/v1.js';
import { rfc3339 } from '../../util/index.js';
import type { ContainerExit } from '../runtime/container-runtime.js';
import { readLogFile, renderLogs } from '../runtime/cri-log.js';
import type { Terminated } from './status.js';

async function terminationMessage(container: Container, exitCode: number, files: { terminationFile: string; logPath: string }): Promise<string | undefined> {
  let text = (await fs.readFile(files.terminationFile, 'utf8').catch(() => '')).slice(0, 4096);
  if (!text && exitCode !== 0 && container.terminationMessagePolicy === 'FallbackToLogsOnError') {
    text = renderLogs(await readLogFile(files.logPath), { tailLines: 80 }).slice(-2048);
  }
  return text || undefined;
}

export async function terminatedState(container: Container, exit: ContainerExit, run: { containerID: string; startedAt: string; terminationFile: string; logPath: string }): Promise<Terminated> {
  const message = await terminationMessage(container, exit.exitCode, run);
  return {
    exitCode: exit.exitCode, reason: exit.oomKilled ? 'OOMKilled' : exit.exitCode === 0 ? 'Completed' : 'Error',
    startedAt: run.startedAt, finishedAt: rfc3339(exit.finishedAt), containerID: run.containerID,
    ...(message ? { message } : {}),
  };
}
