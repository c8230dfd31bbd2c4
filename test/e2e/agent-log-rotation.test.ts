// e2e (issue 19): container log rotation on a real node. A server with --container-log-max-size 4Ki and
// --container-log-max-files 3 runs a pod whose containers print numbered lines (one slower than 4 KiB a second,
// one ~100 KiB in about three seconds) and then sleep. On disk: the current 0.log and at most two rotated files,
// all but the newest gzipped, none past 4 KiB but for lines of the second its file began in; together they hold
// the last lines in order. `kubectl logs` shows the current file only; `kubectl logs -f`, started before the
// output, follows across every rotation to the last line, in order, nothing twice.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startRegistryNode, registryNodeSkip, type RegistryNode } from '../support/registry-node.js';
import { eventually } from '../support/eventually.js';

const skip = registryNodeSkip('container log rotation e2e');
const maxBytes = 4096;
const maxFiles = 3;

/** Each container's output: `ready`, then (once /signal/go exists) lines `<name> 00001 xxx…` to `<name> <last>`, in batches, then sleep. */
const writers = {
  // 8 lines of ~100 bytes as CRI records every quarter second: about 3 KiB/s, under maxBytes a second.
  paced: { last: 320, batch: 8, pause: '0.25' },
  // 100 lines every 0.3 s: ~100 KiB in about three seconds, several files' worth a second.
  burst: { last: 1000, batch: 100, pause: '0.3' },
} as const;
type Writer = keyof typeof writers;
const pad = 'x'.repeat(48);
const line = (name: Writer, n: number): string => `${name} ${String(n).padStart(5, '0')} ${pad}`;
const script = (name: Writer): string => {
  const w = writers[name];
  return `echo ready; while [ ! -e /signal/go ]; do sleep 0.1; done; i=0; while [ $i -lt ${w.last} ]; do j=0; `
    + `while [ $j -lt ${w.batch} ]; do i=$((i+1)); j=$((j+1)); printf '${name} %05d ${pad}\\n' $i; done; sleep ${w.pause}; done; exec sleep 3600`;
};

interface Record { time: string; text: string; bytes: number }
const records = (content: string): Record[] => content.split('\n').filter((l) => l).map((l) => {
  const m = /^(\S+) stdout F (.*)$/.exec(l);
  assert.ok(m, `a CRI record: ${l}`);
  return { time: m[1]!, text: m[2]!, bytes: Buffer.byteLength(l) + 1 };
});

describe('container log rotation', { skip }, () => {
  let n: RegistryNode;
  const followers: ChildProcess[] = [];
  before(async () => {
    n = await startRegistryNode('skiff-log-rotation-node', ['--container-log-max-size', '4Ki', '--container-log-max-files', String(maxFiles)]);
  });
  after(async () => {
    for (const f of followers) if (f.exitCode === null && f.signalCode === null) f.kill('SIGTERM');
    await n?.stop();
  });

  /** `kubectl logs -f` of a container, run on: what it printed so far. */
  const follow = (pod: string, container: string): { out: () => string } => {
    let out = '';
    const f = spawn('kubectl', ['logs', '-f', pod, '-c', container], { env: { ...process.env, KUBECONFIG: n.s.kubeconfig }, stdio: ['ignore', 'pipe', 'pipe'] });
    followers.push(f);
    f.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    f.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    return { out: () => out };
  };

  test('the current 0.log and two rotated files, the older gzipped, each within 4 KiB but for one second\'s lines; logs shows the current file, logs -f everything in order', async () => {
    const { s, images } = n;
    const pod = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'chatty' },
      spec: {
        terminationGracePeriodSeconds: 1,
        volumes: [{ name: 'signal', emptyDir: {} }],
        containers: (Object.keys(writers) as Writer[]).map((name) => ({ name, image: images.busybox, command: ['sh', '-c', script(name)], volumeMounts: [{ name: 'signal', mountPath: '/signal' }] })),
      },
    };
    await s.create(JSON.stringify(pod));
    await s.k('wait', '--for=condition=Ready', 'pod/chatty', '--timeout=60s');
    const uid = await s.k('get', 'pod', 'chatty', '-o', 'jsonpath={.metadata.uid}');
    const logDir = (name: Writer): string => join(s.dataDir, 'agent', 'logs', `default_chatty_${uid}`, name);
    const followed = { paced: follow('chatty', 'paced'), burst: follow('chatty', 'burst') };
    await eventually(() => { for (const f of Object.values(followed)) assert.equal(f.out(), 'ready\n'); }, { timeoutMs: 20_000, message: 'both followers show the first line' });

    await s.k('exec', 'chatty', '-c', 'paced', '--', 'touch', '/signal/go');
    const want = (name: Writer): string[] => ['ready', ...Array.from({ length: writers[name].last }, (_, i) => line(name, i + 1))];
    // Followed across every rotation: each line once, in order, to the last.
    await eventually(() => {
      for (const name of Object.keys(writers) as Writer[]) assert.deepEqual(followed[name].out().split('\n').slice(0, -1), want(name), `kubectl logs -f -c ${name}`);
    }, { timeoutMs: 45_000, intervalMs: 250, message: 'the followers show every line' });

    for (const name of Object.keys(writers) as Writer[]) {
      const dir = logDir(name);
      const rotatedName = /^0\.log\.\d{8}-\d{6}(\.gz)?$/;
      // Compression and pruning finish after the last rotation, in the background.
      const files = await eventually(() => {
        const names = readdirSync(dir).sort();
        assert.deepEqual(names.filter((f) => f !== '0.log' && !rotatedName.test(f)), [], `only logs in ${dir}`);
        const rotated = names.filter((f) => rotatedName.test(f));
        assert.equal(rotated.length, maxFiles - 1, `${name}: two rotated files beside 0.log: ${names.join(' ')}`);
        assert.ok(names.includes('0.log'));
        // Names sort in time order: every rotated file but the newest is gzipped.
        assert.deepEqual(rotated.map((f) => f.endsWith('.gz')), [true, false], `${name}: the older rotated file is gzipped: ${rotated.join(' ')}`);
        return [...rotated, '0.log'];
      }, { timeoutMs: 10_000 });
      const contents = files.map((f) => {
        const raw = readFileSync(join(dir, f));
        return records((f.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8'));
      });
      files.forEach((f, i) => {
        const r = contents[i]!;
        const size = r.reduce((sum, x) => sum + x.bytes, 0);
        // A file rotates before a record would take it past maxBytes, but at most once a second (names have
        // second resolution): past maxBytes only records of the second its first record was written in.
        let bytes = 0;
        for (const x of r) {
          bytes += x.bytes;
          if (bytes > maxBytes) assert.equal(x.time.slice(0, 19), r[0]!.time.slice(0, 19), `${name}/${f} (${size} bytes) has a record past ${maxBytes} bytes from a later second than its first`);
        }
        // Slower than maxBytes a second, the paced writer's files never pass it.
        if (name === 'paced') assert.ok(size <= maxBytes, `${name}/${f} is ${size} bytes`);
      });
      // Together the kept files are the last lines, in order; the first lines went with the pruned files.
      const kept = contents.flat().map((x) => x.text);
      assert.deepEqual(kept, want(name).slice(-kept.length), `${name}: the kept files hold the last lines in order`);
      assert.ok(kept.length < writers[name].last, `${name}: older files were pruned`);
      // kubectl logs reads the current file only, as upstream.
      const current = contents.at(-1)!.map((x) => `${x.text}\n`).join('');
      assert.ok(current.startsWith(`${name} `) && !current.startsWith(line(name, 1)), `${name}: 0.log starts past the first line`);
      assert.ok(current.endsWith(`${line(name, writers[name].last)}\n`));
      assert.equal(await s.k('logs', 'chatty', '-c', name), current, `kubectl logs -c ${name} is 0.log`);
      assert.equal(existsSync(join(dir, '0.log')), true);
    }
  });
});
