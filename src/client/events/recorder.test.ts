import { test } from 'node:test';
import assert from 'node:assert/strict';
import { internal, notFound, type KubeObject } from '../../api/index.js';
import { createLogger, FakeClock, silentLogger, type Logger } from '../../util/index.js';
import { ApiEventRecorder, type EventSink } from './recorder.js';

interface StoredEvent extends KubeObject {
  metadata: { name: string; namespace: string };
  message: string;
  count: number;
  lastTimestamp: string;
}

/** An in-memory EventSink: keeps Events by namespace/name, merges patches, and can fail the next write. */
class MemorySink implements EventSink {
  readonly events = new Map<string, StoredEvent>();
  readonly patches: { name: string; patch: object }[] = [];
  failNext: Error | undefined;

  get list(): StoredEvent[] {
    return [...this.events.values()];
  }
  async create(event: KubeObject): Promise<KubeObject> {
    this.#maybeFail();
    const e = event as StoredEvent;
    this.events.set(`${e.metadata.namespace}/${e.metadata.name}`, e);
    return e;
  }
  async patch(namespace: string, name: string, patch: object): Promise<KubeObject> {
    this.#maybeFail();
    const e = this.events.get(`${namespace}/${name}`);
    if (!e) throw notFound({ group: '', resource: 'events' }, name);
    this.patches.push({ name, patch });
    Object.assign(e, patch);
    return e;
  }
  #maybeFail(): void {
    const e = this.failNext;
    this.failNext = undefined;
    if (e) throw e;
  }
}

const start = Date.UTC(2026, 10, 22, 10);
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'default', uid: 'u1', resourceVersion: '7' } };

function setup(logger: Logger = silentLogger): { clock: FakeClock; sink: MemorySink; recorder: ApiEventRecorder } {
  const clock = new FakeClock(start);
  const sink = new MemorySink();
  return { clock, sink, recorder: new ApiEventRecorder({ sink, component: 'test-controller', host: 'node-1', clock, logger }) };
}

const summary = (sink: MemorySink): string[] => sink.list.map((e) => `${e.count} ${e.message}`);

test('ApiEventRecorder.event() creates the first Event, then patches count and lastTimestamp for the same one', async () => {
  const { clock, sink, recorder } = setup();
  recorder.event(pod, 'Normal', 'Scheduled', 'on node-1');
  clock.advance(5000);
  recorder.event(pod, 'Normal', 'Scheduled', 'on node-1');
  await recorder.flush();
  const [e] = sink.list;
  assert.match(e?.metadata.name ?? '', /^web-0\.[0-9a-f]{16}$/);
  assert.deepEqual(e, {
    apiVersion: 'v1', kind: 'Event', metadata: { name: e?.metadata.name, namespace: 'default' },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-0', uid: 'u1', apiVersion: 'v1', resourceVersion: '7' },
    reason: 'Scheduled', message: 'on node-1', type: 'Normal', source: { component: 'test-controller', host: 'node-1' },
    firstTimestamp: '2026-11-22T10:00:00Z', lastTimestamp: '2026-11-22T10:00:05Z', count: 2, reportingComponent: 'test-controller', reportingInstance: 'node-1',
  });
  assert.deepEqual(sink.patches, [{ name: e?.metadata.name, patch: { count: 2, message: 'on node-1', lastTimestamp: '2026-11-22T10:00:05Z' } }]);
});

test('ApiEventRecorder.event() creates a new Event for a different message, type or object', async () => {
  const { sink, recorder } = setup();
  recorder.event(pod, 'Normal', 'Scheduled', 'on node-1');
  recorder.event(pod, 'Normal', 'Scheduled', 'on node-2');
  recorder.event(pod, 'Warning', 'Scheduled', 'on node-2');
  recorder.event({ ...pod, metadata: { ...pod.metadata, uid: 'u2' } }, 'Normal', 'Scheduled', 'on node-1');
  recorder.event(pod, 'Normal', 'Scheduled', 'on node-1');
  await recorder.flush();
  assert.deepEqual(summary(sink), ['2 on node-1', '1 on node-2', '1 on node-2', '1 on node-1']);
  assert.equal(new Set(sink.list.map((e) => e.metadata.name)).size, 4, 'names are unique');
});

test('ApiEventRecorder.event() records an Event about a cluster-scoped object in the default namespace', async () => {
  const { sink, recorder } = setup();
  recorder.event({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'n1' } }, 'Warning', 'NotReady', 'kubelet stopped posting');
  await recorder.flush();
  assert.deepEqual(sink.list.map((e) => [e.metadata.namespace, e['involvedObject']]), [['default', { kind: 'Node', name: 'node-1', uid: 'n1', apiVersion: 'v1' }]]);
});

test('ApiEventRecorder.event() combines the 10th similar message within 10 minutes into one aggregated Event', async () => {
  const { clock, sink, recorder } = setup();
  for (let i = 1; i <= 12; i++) {
    recorder.event(pod, 'Warning', 'FailedMount', `attempt ${i}`);
    clock.advance(60_000);
  }
  await recorder.flush();
  const combined = '(combined from similar events): attempt';
  assert.deepEqual(summary(sink), [...Array.from({ length: 9 }, (_, i) => `1 attempt ${i + 1}`), `3 ${combined} 12`]);
  // 10 minutes after the last similar event the window starts again.
  clock.advance(10 * 60_000 + 1000);
  recorder.event(pod, 'Warning', 'FailedMount', 'attempt 13');
  await recorder.flush();
  assert.deepEqual(summary(sink).slice(9), [`3 ${combined} 12`, '1 attempt 13']);
});

test('ApiEventRecorder.event() drops events about an object beyond a burst of 25, then lets one through every 5 minutes', async () => {
  const lines: string[] = [];
  const { clock, sink, recorder } = setup(createLogger({ level: 'debug', write: (l) => lines.push(l) }));
  for (let i = 0; i < 26; i++) recorder.event(pod, 'Normal', 'Pulling', 'pulling image');
  recorder.event({ ...pod, metadata: { ...pod.metadata, name: 'web-1', uid: 'u2' } }, 'Normal', 'Pulling', 'pulling image');
  await recorder.flush();
  assert.deepEqual(summary(sink), ['25 pulling image', '1 pulling image']);
  assert.equal(lines.filter((l) => l.includes('event dropped by the spam filter')).length, 1);
  clock.advance(5 * 60_000 - 1000);
  recorder.event(pod, 'Normal', 'Pulling', 'pulling image');
  clock.advance(1000);
  recorder.event(pod, 'Normal', 'Pulling', 'pulling image');
  await recorder.flush();
  assert.deepEqual(summary(sink), ['26 pulling image', '1 pulling image']);
});

test('ApiEventRecorder.event() creates a fresh Event when the one to patch was deleted', async () => {
  const { clock, sink, recorder } = setup();
  recorder.event(pod, 'Normal', 'Scheduled', 'on node-1');
  await recorder.flush();
  sink.events.clear();
  clock.advance(1000);
  recorder.event(pod, 'Normal', 'Scheduled', 'on node-1');
  recorder.event(pod, 'Normal', 'Scheduled', 'on node-1');
  await recorder.flush();
  assert.deepEqual(sink.list.map((e) => [e.count, e['firstTimestamp'], e.lastTimestamp]), [[2, '2026-11-22T10:00:01Z', '2026-11-22T10:00:01Z']]);
});

test('ApiEventRecorder.event() logs a failed write, drops it and goes on with the next one', async () => {
  const lines: string[] = [];
  const { sink, recorder } = setup(createLogger({ level: 'warn', write: (l) => lines.push(l) }));
  sink.failNext = internal('etcd is down');
  recorder.event(pod, 'Normal', 'Scheduled', 'on node-1');
  recorder.event(pod, 'Normal', 'Started', 'started');
  await recorder.flush();
  assert.deepEqual(summary(sink), ['1 started']);
  assert.equal(lines.length, 1);
  assert.match(lines[0] ?? '', /WARN event not recorded .*reason="Scheduled".*etcd is down/);
});

test('ApiEventRecorder[Symbol.asyncDispose]() writes the queued events, then drops new ones', async () => {
  const { sink, recorder } = setup();
  recorder.event(pod, 'Normal', 'Scheduled', 'on node-1');
  await recorder[Symbol.asyncDispose]();
  recorder.event(pod, 'Normal', 'Started', 'started');
  await recorder.flush();
  assert.deepEqual(summary(sink), ['1 on node-1']);
});

test('ApiEventRecorder drops events beyond maxQueuedEvents unwritten ones, as client-go does', async () => {
  const { maxQueuedEvents } = await import('./recorder.js');
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => { release = r; });
  let created = 0;
  const sink: EventSink = {
    async create(e) { await gate; created++; return e; },
    async patch() { throw notFound({ group: '', resource: 'events' }, 'x'); },
  };
  const recorder = new ApiEventRecorder({ sink, component: 'test', clock: new FakeClock(Date.UTC(2026, 10, 22)), logger: silentLogger });
  for (let i = 0; i < maxQueuedEvents + 200; i++) recorder.event({ kind: 'Pod', metadata: { namespace: 'default', name: `p${i}`, uid: `u${i}` } }, 'Normal', 'Scheduled', `assigned p${i}`);
  release();
  await recorder[Symbol.asyncDispose]();
  assert.equal(created, maxQueuedEvents);
});
