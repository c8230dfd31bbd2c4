import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runtimeConformance } from '../runtime.case.test.js';
import { busyboxImage, runcSkipReason, shellProgram } from './runc-harness.case.test.js';
import { RuncRuntime } from './runc-runtime.js';

const skip = runcSkipReason();

runtimeConformance('runc', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-runc-runtime-'));
  const runtime = new RuncRuntime({ dataDir: join(dir, 'runtime') });
  return {
    runtime, imageRoot: await busyboxImage(join(dir, 'image')), dir, program: shellProgram,
    elapse: (ms) => new Promise((r) => setTimeout(r, ms)),
    close: async () => {
      for (const c of await runtime.listContainers()) await runtime.removeContainer(c.id);
      for (const s of await runtime.listSandboxes()) await runtime.removeSandbox(s.podUid);
      await rm(dir, { recursive: true, force: true });
    },
  };
}, skip !== undefined ? { skip } : {});
