import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../../util/index.js';
import { runtimeConformance } from '../runtime.case.test.js';
import { fakeProgram, FakeRuntime } from './fake-runtime.js';

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

runtimeConformance('fake', async () => {
  const clock = new FakeClock();
  const dir = await mkdtemp(join(tmpdir(), 'skiff-fake-runtime-'));
  return {
    runtime: new FakeRuntime({ clock }), imageRoot: '/nonexistent', dir,
    program: (p) => fakeProgram(p),
    elapse: async (ms) => { await flush(); clock.advance(ms); await flush(); },
    close: () => rm(dir, { recursive: true, force: true }),
  };
});
