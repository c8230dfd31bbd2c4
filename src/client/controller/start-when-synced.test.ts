import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, silentLogger } from '../../util/index.js';
import { Controller, startWhenSynced } from './controller.js';

test('startWhenSynced() disposes promptly when a cache never syncs, and never starts its controllers then', { timeout: 5000 }, async () => {
  let reconciled = 0;
  const controller = new Controller({ name: 'c', reconciler: { reconcile: async () => { reconciled++; } }, clock: new FakeClock(), logger: silentLogger });
  const neverSynced = { start: () => undefined, waitForSync: () => new Promise<void>(() => undefined) };
  const running = startWhenSynced([neverSynced], [controller]);
  controller.enqueue('a');
  await running[Symbol.asyncDispose]();
  assert.equal(reconciled, 0);
});

test('startWhenSynced() starts the controllers once every cache has synced', async () => {
  let reconciled = 0;
  let sync = (): void => undefined;
  const synced = new Promise<void>((r) => { sync = r; });
  const controller = new Controller({ name: 'c', reconciler: { reconcile: async () => { reconciled++; } }, clock: new FakeClock(), logger: silentLogger });
  const running = startWhenSynced([{ start: () => undefined, waitForSync: () => synced }], [controller]);
  controller.enqueue('a');
  await new Promise((r) => setImmediate(r));
  assert.equal(reconciled, 0);
  sync();
  for (let i = 0; i < 10 && reconciled === 0; i++) await new Promise((r) => setImmediate(r));
  assert.equal(reconciled, 1);
  await running[Symbol.asyncDispose]();
});
