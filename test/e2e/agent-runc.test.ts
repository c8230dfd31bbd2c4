// e2e with the real node agent: pods run under runc as root, from images the test builds out of Debian's
// busybox-static and pushes to a local docker-registry. kubectl 1.32 drives the seed flows: logs and exec,
// the StatefulSet whose files survive pod deletion, cluster DNS for a headless Service, CrashLoopBackOff,
// OOMKilled, and a readiness probe holding back an OrderedReady set.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSkiff, yamlStream, type SkiffProcess } from '../support/skiff-process.js';
import { startRegistry, type LocalRegistry } from '../support/local-registry.js';
import { registryNodeSkip } from '../support/registry-node.js';
import { busyboxLayer, dockerSaveArchive, pushTestImages, tarArchive, type TestImages } from '../support/test-images.js';
import { eventually } from '../support/eventually.js';
import { startTokenRegistry } from '../support/token-registry.js';


const skip = registryNodeSkip('real-runc e2e');

const node = 'skiff-runc-node';

describe('the embedded agent runs real pods with runc', { skip }, () => {
  let s: SkiffProcess;
  let registry: LocalRegistry;
  let images: TestImages;
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-runc-e2e-'));
  const airgapImage = 'airgap.local/tools/busybox:1.0';
  before(async () => {
    registry = await startRegistry();
    images = await pushTestImages(registry);
    // k3s's airgap directory: an archive no registry serves, imported when the agent starts.
    mkdirSync(join(dataDir, 'agent', 'images'), { recursive: true });
    writeFileSync(join(dataDir, 'agent', 'images', 'tools.tar'), await dockerSaveArchive(airgapImage, [await busyboxLayer()], { config: { Cmd: ['sh'] } }));
    s = await startSkiff({ agent: true, dataDir, args: ['--node-name', node] });
  });
  after(async () => {
    await s?.stop();
    await registry?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const jsonpath = (what: string, path: string): Promise<string> => s.k('get', ...what.split(' '), '-o', `jsonpath=${path}`);
  const podLine = async (name: string): Promise<string> => (await s.k('get', 'pod', name, '--no-headers')).trim();

  test('kubectl run: the node is Ready, the pod Running with a pod IP; logs, exec with exit codes and stdin', async () => {
    assert.match(await s.k('get', 'node', node), new RegExp(`${node}\\s+Ready\\s+<none>\\s+\\S+\\s+v1\\.32\\.\\d+`));
    assert.equal(await s.k('run', 'bb', '--image', images.busybox, '--', 'sh', '-c', 'echo hello from $(hostname); sleep 0.2; echo oops >&2; exec sleep 3600'), 'pod/bb created\n');
    await s.k('wait', '--for=condition=Ready', 'pod/bb', '--timeout=60s');
    assert.match(await podLine('bb'), /^bb\s+1\/1\s+Running\s+0\s/);
    const cidr = await jsonpath(`node ${node}`, '{.spec.podCIDR}');
    const ip = await jsonpath('pod bb', '{.status.podIP}');
    assert.equal(ip.split('.').slice(0, 3).join('.'), cidr.split('.').slice(0, 3).join('.'), `pod IP ${ip} is in the node's podCIDR ${cidr}`);
    await eventually(async () => assert.equal(await s.k('logs', 'bb'), 'hello from bb\noops\n'));
    assert.match(await s.k('logs', 'bb', '--tail=1', '--timestamps'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z oops\n$/);
    assert.equal(await s.k('exec', 'bb', '--', 'hostname'), 'bb\n');
    const failed = await s.kubectl(['exec', 'bb', '--', 'sh', '-c', 'echo out; echo err >&2; exit 7']);
    assert.deepEqual([failed.code, failed.stdout, failed.stderr], [7, 'out\n', 'err\ncommand terminated with exit code 7\n']);
    const missing = await s.kubectl(['exec', 'bb', '--', 'no-such-command']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /executable file not found in \$PATH/);
    const piped = await s.kubectl(['exec', '-i', 'bb', '--', 'sh', '-c', 'cat > /tmp/in; wc -c < /tmp/in'], { input: 'abcdef' });
    assert.deepEqual([piped.code, piped.stdout.trim()], [0, '6']);
    const nope = await s.kubectl(['exec', 'bb', '-c', 'nope', '--', 'true']);
    assert.equal(nope.code, 1);
    assert.match(nope.stderr, /container nope is not valid for pod bb/);
    const events = await s.k('get', 'events', '--field-selector', 'involvedObject.name=bb', '-o', 'jsonpath={range .items[*]}{.reason}:{.involvedObject.fieldPath} {end}');
    for (const e of ['Pulling:spec.containers{bb}', 'Pulled:spec.containers{bb}', 'Created:spec.containers{bb}', 'Started:spec.containers{bb}']) assert.ok(events.includes(e), `${e} in ${events}`);
  });

  test('kubectl run -i --rm --restart=Never prints the output and deletes the pod; logs -f ends with the container', async () => {
    const r = await s.kubectl(['run', '-i', '--rm', '--restart=Never', '--image', images.busybox, 'once', '--', 'sh', '-c', 'echo once on $(hostname)'], { timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /once on once\n/);
    assert.match(r.stdout, /pod "once" deleted\n$/);
    // stdin reaches the container (stdinOnce) and its exit code is kubectl's.
    const typed = await s.kubectl(['run', '-i', '--rm', '--restart=Never', '--image', images.busybox, 'typed', '--', 'sh'], { input: 'echo typed $((6*7)); exit 3\n', timeoutMs: 60_000 });
    assert.equal(typed.code, 3, typed.stderr);
    assert.match(typed.stdout, /^typed 42\n/);
    assert.match(typed.stdout + typed.stderr, /pod default\/typed terminated \(Error\)/);
    await s.k('run', 'counter', '--restart=Never', '--image', images.busybox, '--', 'sh', '-c', 'for i in 1 2 3; do echo tick $i; sleep 0.3; done');
    await eventually(async () => assert.match(await podLine('counter'), /Running|Completed/));
    const followed = await s.kubectl(['logs', '-f', 'counter'], { timeoutMs: 20_000 });
    assert.deepEqual([followed.code, followed.stdout], [0, 'tick 1\ntick 2\ntick 3\n']);
    await eventually(async () => assert.match(await podLine('counter'), /^counter\s+0\/1\s+Completed\s+0\s/));
  });

  test('seed 000/001: StatefulSet with local-path claims; hostnames, cluster DNS for the headless Service, files that survive the pod', async () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx', labels: { app: 'nginx' } }, spec: { ports: [{ port: 80, name: 'web' }], clusterIP: 'None', selector: { app: 'nginx' } } };
    const sts = {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
      spec: {
        serviceName: 'nginx', replicas: 2, selector: { matchLabels: { app: 'nginx' } },
        template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: images.nginx, ports: [{ containerPort: 80, name: 'web' }], volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }, { name: 'data', mountPath: '/data' }] }] } },
        volumeClaimTemplates: ['www', 'data'].map((n) => ({ metadata: { name: n }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'local-path', resources: { requests: { storage: '1Gi' } } } })),
      },
    };
    await s.create(yamlStream([svc, sts]));
    await eventually(async () => assert.match(await s.k('get', 'sts', 'web'), /web\s+2\/2\s/), { timeoutMs: 90_000 });
    for (const i of [0, 1]) {
      await s.k('exec', `web-${i}`, '--', 'sh', '-c', `echo hello $(hostname) > /usr/share/nginx/html/index.html`);
      assert.equal(await s.k('exec', `web-${i}`, '--', 'hostname'), `web-${i}\n`);
    }
    const ip0 = await jsonpath('pod web-0', '{.status.podIP}');
    // The seed's busybox 1.28 nslookup searches the short name; Debian's busybox 1.35 nslookup does not search
    // dotted names (the seed warns about newer busybox), so nslookup gets the full name and wget the short one.
    const lookup = await s.kubectl(['run', '-i', '--rm', '--restart=Never', '--image', images.busybox, 'dns-test', '--', 'nslookup', 'web-0.nginx.default.svc.cluster.local'], { timeoutMs: 60_000 });
    assert.equal(lookup.code, 0, lookup.stderr);
    assert.match(lookup.stdout, new RegExp(`Name:\\s+web-0\\.nginx\\.default\\.svc\\.cluster\\.local\\nAddress:\\s+${ip0.replaceAll('.', '\\.')}\\n`));
    await s.k('run', 'client', '--image', images.busybox, '--', 'sleep', '3600');
    await s.k('wait', '--for=condition=Ready', 'pod/client', '--timeout=60s');
    for (const i of [0, 1]) assert.equal(await s.k('exec', 'client', '--', 'wget', '-q', '-O-', `http://web-${i}.nginx`), `hello web-${i}\n`);
    const headless = await s.k('exec', 'client', '--', 'nslookup', 'nginx.default.svc.cluster.local');
    for (const i of [0, 1]) assert.ok(headless.includes(await jsonpath(`pod web-${i}`, '{.status.podIP}')), headless);
    // SRV for the named port (one target per ready pod), and the reverse (PTR) name of a pod's address.
    const srv = await s.k('exec', 'client', '--', 'nslookup', '-type=srv', '_web._tcp.nginx.default.svc.cluster.local');
    for (const i of [0, 1]) assert.match(srv, new RegExp(`_web\\._tcp\\.nginx\\.default\\.svc\\.cluster\\.local\\s+service = \\d+ \\d+ 80 web-${i}\\.nginx\\.default\\.svc\\.cluster\\.local`), srv);
    const ptr = await s.k('exec', 'client', '--', 'nslookup', ip0);
    assert.match(ptr, new RegExp(`${ip0.split('.').reverse().join('\\.')}\\.in-addr\\.arpa\\s+name = web-0\\.nginx\\.default\\.svc\\.cluster\\.local`), ptr);
    // seed 003: a file written in web-1 is in its claim's directory, and still there for the new web-1.
    await s.k('exec', 'web-1', '--', 'touch', '/data/test.log');
    const uid1 = await jsonpath('pod web-1', '{.metadata.uid}');
    const dir = await jsonpath('pv ' + await jsonpath('pvc data-web-1', '{.spec.volumeName}'), '{.spec.hostPath.path}');
    assert.deepEqual(readdirSync(dir), ['test.log']);
    assert.equal(await s.k('delete', 'pod', 'web-1'), 'pod "web-1" deleted\n');
    await eventually(async () => {
      assert.notEqual(await jsonpath('pod web-1', '{.metadata.uid}'), uid1);
      assert.match(await podLine('web-1'), /^web-1\s+1\/1\s+Running/);
    }, { timeoutMs: 60_000 });
    assert.equal(await s.k('exec', 'web-1', '--', 'ls', '/data'), 'test.log\n');
    assert.equal(await s.k('exec', 'client', '--', 'wget', '-q', '-O-', 'http://web-1.nginx'), 'hello web-1\n');
  });

  test('a crashing container goes into CrashLoopBackOff with its exit code in lastState', async () => {
    await s.k('run', 'crash', '--image', images.busybox, '--', 'sh', '-c', 'echo dying; exit 3');
    // One read of the status while it backs off (between back-offs it is briefly Running, then Error).
    await eventually(async () => {
      const st = await jsonpath('pod crash', '{.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].lastState.terminated.exitCode} {.status.containerStatuses[0].lastState.terminated.reason} {.status.containerStatuses[0].state.waiting.reason} {.status.containerStatuses[0].state.waiting.message}');
      assert.match(st, /^[1-9]\d* 3 Error CrashLoopBackOff back-off \d+(m\d+)?s restarting failed container=crash pod=crash_default\(/);
    }, { timeoutMs: 60_000 });
    await eventually(async () => assert.match(await podLine('crash'), /^crash\s+0\/1\s+CrashLoopBackOff\s+[1-9]/), { timeoutMs: 30_000 });
    assert.equal(await s.k('logs', 'crash', '--previous'), 'dying\n');
    const events = await s.k('get', 'events', '--field-selector', 'involvedObject.name=crash,reason=BackOff', '-o', 'jsonpath={.items[0].message}');
    assert.match(events, /^Back-off restarting failed container crash in pod crash_default\(/);
  });

  test('a container over its memory limit is OOMKilled (exit code 137)', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'hog' }, spec: { restartPolicy: 'Never', containers: [{ name: 'hog', image: images.busybox, command: ['sh', '-c', 'head -c 300000000 /dev/zero | sort > /dev/null'], resources: { limits: { memory: '32Mi' } } }] } };
    await s.create(JSON.stringify(pod));
    await eventually(async () => assert.match(await podLine('hog'), /^hog\s+0\/1\s+OOMKilled\s+0\s/), { timeoutMs: 60_000 });
    assert.equal(await jsonpath('pod hog', '{.status.phase} {.status.containerStatuses[0].state.terminated.exitCode} {.status.containerStatuses[0].state.terminated.reason}'), 'Failed 137 OOMKilled');
  });

  test('a failing readiness probe holds back an OrderedReady StatefulSet until it passes', async () => {
    const sts = {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'gate' },
      spec: {
        serviceName: 'gate', replicas: 2, selector: { matchLabels: { app: 'gate' } },
        template: { metadata: { labels: { app: 'gate' } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: images.busybox, command: ['sleep', '3600'], readinessProbe: { exec: { command: ['test', '-f', '/tmp/ready'] }, periodSeconds: 1 } }] } },
      },
    };
    await s.create(JSON.stringify(sts));
    await eventually(async () => assert.match(await podLine('gate-0'), /^gate-0\s+0\/1\s+Running\s+0\s/), { timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal((await s.kubectl(['get', 'pod', 'gate-1'])).code, 1, 'gate-1 waits for gate-0 to be Ready');
    assert.match(await s.k('get', 'events', '--field-selector', 'involvedObject.name=gate-0,reason=Unhealthy', '-o', 'jsonpath={.items[0].message}'), /^Readiness probe failed: /);
    await s.k('exec', 'gate-0', '--', 'touch', '/tmp/ready');
    await eventually(async () => assert.match(await podLine('gate-1'), /^gate-1\s+0\/1\s+Running/), { timeoutMs: 30_000 });
    assert.match(await podLine('gate-0'), /^gate-0\s+1\/1\s+Running\s+0\s/);
  });

  test('volumes: emptyDir shared by two containers, hostPath, configMap (updated in place), secret and downwardAPI', async () => {
    const hostDir = mkdtempSync(join(tmpdir(), 'skiff-hostpath-'));
    writeFileSync(join(hostDir, 'from-host'), 'host file\n');
    try {
      await s.create(yamlStream([
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf' }, data: { 'app.conf': 'level=1\n' } },
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, stringData: { password: 's3cret' } },
        {
          apiVersion: 'v1', kind: 'Pod', metadata: { name: 'vols', labels: { tier: 'web' } },
          spec: {
            terminationGracePeriodSeconds: 1,
            containers: [
              { name: 'writer', image: images.busybox, command: ['sh', '-c', 'echo shared > /cache/note; exec sleep 3600'], volumeMounts: [{ name: 'cache', mountPath: '/cache' }, { name: 'host', mountPath: '/data' }] },
              { name: 'reader', image: images.busybox, command: ['sleep', '3600'], volumeMounts: [{ name: 'cache', mountPath: '/cache' }, { name: 'conf', mountPath: '/etc/app' }, { name: 'creds', mountPath: '/etc/creds', readOnly: true }, { name: 'info', mountPath: '/etc/podinfo' }] },
            ],
            volumes: [
              { name: 'cache', emptyDir: {} }, { name: 'host', hostPath: { path: hostDir, type: 'Directory' } },
              { name: 'conf', configMap: { name: 'conf' } }, { name: 'creds', secret: { secretName: 'creds', defaultMode: 0o400 } },
              { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
            ],
          },
        },
      ]));
      await s.k('wait', '--for=condition=Ready', 'pod/vols', '--timeout=60s');
      await eventually(async () => assert.equal(await s.k('exec', 'vols', '-c', 'reader', '--', 'cat', '/cache/note'), 'shared\n'));
      // seed 003: the emptyDir is a directory of the node, under the pod's uid, as upstream lays it out.
      const uid = await jsonpath('pod vols', '{.metadata.uid}');
      assert.equal(readFileSync(join(s.dataDir, 'agent', 'pods', uid, 'volumes', 'kubernetes.io~empty-dir', 'cache', 'note'), 'utf8'), 'shared\n');
      assert.equal(await s.k('exec', 'vols', '-c', 'writer', '--', 'cat', '/data/from-host'), 'host file\n');
      await s.k('exec', 'vols', '-c', 'writer', '--', 'sh', '-c', 'echo from pod > /data/from-pod');
      assert.equal(readFileSync(join(hostDir, 'from-pod'), 'utf8'), 'from pod\n');
      assert.equal(await s.k('exec', 'vols', '-c', 'reader', '--', 'cat', '/etc/app/app.conf'), 'level=1\n');
      assert.equal(await s.k('exec', 'vols', '-c', 'reader', '--', 'cat', '/etc/creds/password'), 's3cret');
      assert.match(await s.k('exec', 'vols', '-c', 'reader', '--', 'stat', '-L', '-c', '%a', '/etc/creds/password'), /^400\n$/);
      assert.equal(await s.k('exec', 'vols', '-c', 'reader', '--', 'cat', '/etc/podinfo/labels'), 'tier="web"');
      const ro = await s.kubectl(['exec', 'vols', '-c', 'reader', '--', 'touch', '/etc/creds/x']);
      assert.equal(ro.code, 1);
      assert.match(ro.stderr, /Read-only file system/);
      // A changed ConfigMap and label reach the running container's files.
      await s.k('patch', 'configmap', 'conf', '-p', '{"data":{"app.conf":"level=2\\n"}}');
      await s.k('label', 'pod', 'vols', 'track=stable');
      await eventually(async () => assert.equal(await s.k('exec', 'vols', '-c', 'reader', '--', 'cat', '/etc/app/app.conf'), 'level=2\n'), { timeoutMs: 15_000 });
      await eventually(async () => assert.equal(await s.k('exec', 'vols', '-c', 'reader', '--', 'cat', '/etc/podinfo/labels'), 'tier="web"\ntrack="stable"'), { timeoutMs: 15_000 });
      // emptyDir medium Memory is a tmpfs (with its sizeLimit); hostPath DirectoryOrCreate makes the directory;
      // a hostPath whose type check fails keeps the pod ContainerCreating with upstream's FailedMount.
      await s.create(yamlStream([
        {
          apiVersion: 'v1', kind: 'Pod', metadata: { name: 'memvol' },
          spec: {
            terminationGracePeriodSeconds: 0,
            containers: [{ name: 'c', image: images.busybox, command: ['sleep', '3600'], volumeMounts: [{ name: 'm', mountPath: '/m' }, { name: 'made', mountPath: '/made' }] }],
            volumes: [{ name: 'm', emptyDir: { medium: 'Memory', sizeLimit: '8Mi' } }, { name: 'made', hostPath: { path: join(hostDir, 'made'), type: 'DirectoryOrCreate' } }],
          },
        },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'badhost' }, spec: { containers: [{ name: 'c', image: images.busybox }], volumes: [{ name: 'f', hostPath: { path: join(hostDir, 'missing'), type: 'File' } }] } },
      ]));
      await s.k('wait', '--for=condition=Ready', 'pod/memvol', '--timeout=60s');
      assert.match(await s.k('exec', 'memvol', '--', 'df', '-k', '/m'), /tmpfs\s+8192\s/);
      assert.ok(existsSync(join(hostDir, 'made')));
      await eventually(async () => assert.match((await s.k('describe', 'pod', 'badhost')).split('Events:')[1] ?? '', new RegExp(`Warning\\s+FailedMount\\s+.*kubelet\\s+MountVolume.SetUp failed: hostPath type check failed: ${join(hostDir, 'missing')} is not a file`)), { timeoutMs: 20_000 });
      assert.match(await podLine('badhost'), /^badhost\s+0\/1\s+ContainerCreating\s/);
      await s.k('delete', 'pod', 'memvol', 'badhost', '--grace-period=0', '--wait=true');
      await s.k('delete', 'pod', 'vols', '--wait=true', '--timeout=60s');
      assert.equal(readFileSync(join(hostDir, 'from-pod'), 'utf8'), 'from pod\n', 'hostPath data outlives the pod');
      assert.equal(existsSync(join(s.dataDir, 'agent', 'pods', uid)), false, 'the emptyDir went with the pod');
    } finally {
      rmSync(hostDir, { recursive: true, force: true });
    }
  });

  test('exec -it gets a terminal; kubectl cp copies files in and out through exec', async () => {
    // `script` gives kubectl a terminal of its own, so it asks for one (tty=true) as it would for a person.
    // The outer terminal is 100x40: kubectl sends that size, the container's terminal takes it.
    // The size arrives asynchronously (kubectl sends it once the session is open): the shell polls for it.
    const poll = 'for i in 1 2 3 4 5 6 7 8 9 10; do s=$(stty size 2>/dev/null); [ "$s" = "40 100" ] && break; sleep 0.3; done';
    const cmd = `stty cols 100 rows 40; kubectl --kubeconfig ${s.kubeconfig} exec -it bb -- sh -c 'tty; ${poll}; echo "size $s"; echo in-terminal'`;
    const tty = await new Promise<{ code: number; out: string }>((resolve) => execFile('script', ['-qec', cmd, '/dev/null'], { timeout: 30_000 }, (e, stdout) => resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out: String(stdout) })));
    assert.equal(tty.code, 0, tty.out);
    // The container's terminal ends lines with \r\n; output that arrives before kubectl has put `script`'s own
    // terminal in raw mode gets one more \r from it (a race of the harness, not of the session).
    assert.match(tty.out, /\/dev\/pts\/\d+\r\r?\n/);
    assert.match(tty.out, /in-terminal/);
    assert.match(tty.out, /^size 40 100\r?$/m);
    const dir = mkdtempSync(join(tmpdir(), 'skiff-cp-'));
    try {
      writeFileSync(join(dir, 'up.txt'), 'uploaded\n');
      await s.k('cp', join(dir, 'up.txt'), 'bb:/tmp/up.txt');
      assert.equal(await s.k('exec', 'bb', '--', 'cat', '/tmp/up.txt'), 'uploaded\n');
      await s.k('exec', 'bb', '--', 'sh', '-c', 'echo downloaded > /tmp/down.txt');
      await s.k('cp', 'bb:/tmp/down.txt', join(dir, 'down.txt'));
      assert.equal(readFileSync(join(dir, 'down.txt'), 'utf8'), 'downloaded\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('containers: layered image with whiteouts, securityContext, env valueFrom/envFrom, workingDir, subPath and readOnly mounts, httpGet/tcpSocket/startup probes', async () => {
    // An image of three layers: the third deletes /data/gone (whiteout) and replaces /old (opaque directory).
    const base = await busyboxLayer();
    const l2 = await tarArchive([
      { name: 'data/', type: 'directory' }, { name: 'data/keep', content: 'k' }, { name: 'data/gone', content: 'g' },
      { name: 'old/', type: 'directory' }, { name: 'old/x', content: 'x' }, { name: 'app/', type: 'directory' },
    ]);
    const l3 = await tarArchive([{ name: 'data/', type: 'directory' }, { name: 'data/.wh.gone', content: '' }, { name: 'old/', type: 'directory' }, { name: 'old/.wh..wh..opq', content: '' }, { name: 'old/new', content: 'n' }]);
    const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Env: ['PATH=/bin'], Cmd: ['sleep', '3600'], WorkingDir: '/app' }, rootfs: { type: 'layers', diff_ids: [base, l2, l3].map(sha) } }));
    await registry.push('test/layered', '1', { config, layers: [base, l2, l3] });
    const image = `${registry.host}/test/layered:1`;
    await s.create(yamlStream([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' }, data: { mode: 'fast', 'app.conf': 'port=8080\n' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'app' }, stringData: { password: 's3cret' } },
      {
        apiVersion: 'v1', kind: 'Pod', metadata: { name: 'shaped' },
        spec: {
          terminationGracePeriodSeconds: 0,
          volumes: [{ name: 'cfg', configMap: { name: 'app' } }, { name: 'scratch', emptyDir: {} }],
          containers: [
            {
              name: 'main', image, securityContext: { runAsUser: 1000, runAsGroup: 3000, readOnlyRootFilesystem: true },
              resources: { limits: { memory: '64Mi' } },
              env: [
                { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'app', key: 'mode' } } },
                { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'app', key: 'password' } } },
                { name: 'MEM_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
                { name: 'MY_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
              ],
              envFrom: [{ prefix: 'CM_', configMapRef: { name: 'app' } }],
              volumeMounts: [{ name: 'cfg', mountPath: '/etc/app.conf', subPath: 'app.conf' }, { name: 'scratch', mountPath: '/ro', readOnly: true }, { name: 'scratch', mountPath: '/rw' }],
            },
            { name: 'caps', image, workingDir: '/tmp', securityContext: { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } },
            { name: 'priv', image, securityContext: { privileged: true } },
            {
              name: 'web', image, command: ['sh', '-c', 'sleep 2; touch /tmp/started; mkdir -p /tmp/www; echo up > /tmp/www/index.html; exec httpd -f -p 8080 -h /tmp/www'],
              startupProbe: { exec: { command: ['test', '-f', '/tmp/started'] }, periodSeconds: 1, failureThreshold: 30 },
              readinessProbe: { httpGet: { path: '/index.html', port: 8080 }, periodSeconds: 1 },
              livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 2 },
            },
          ],
        },
      },
    ]));
    // Not Ready while the startup probe has not passed, Ready once it and the readiness probe have.
    await eventually(async () => assert.equal(await jsonpath('pod shaped', '{.status.containerStatuses[?(@.name=="web")].state.running.startedAt}') !== '', true), { timeoutMs: 60_000 });
    assert.equal(await jsonpath('pod shaped', '{.status.containerStatuses[?(@.name=="web")].started}'), 'false');
    await s.k('wait', '--for=condition=Ready', 'pod/shaped', '--timeout=60s');
    assert.equal(await jsonpath('pod shaped', '{.status.containerStatuses[?(@.name=="web")].started} {.status.containerStatuses[*].restartCount}'), 'true 0 0 0 0');
    const inMain = (script: string): Promise<string> => s.k('exec', 'shaped', '-c', 'main', '--', 'sh', '-c', script);
    assert.equal(await inMain('ls /data; ls /old'), 'keep\nnew\n');
    assert.equal(await inMain('id -u; id -g; pwd'), '1000\n3000\n/app\n');
    const ip = await jsonpath('pod shaped', '{.status.podIP}');
    assert.equal(await inMain('echo $MODE $PASSWORD $MEM_MI $MY_IP $CM_mode'), `fast s3cret 64 ${ip} fast\n`);
    assert.equal(await inMain('cat /etc/app.conf'), 'port=8080\n');
    const ro = await s.kubectl(['exec', 'shaped', '-c', 'main', '--', 'sh', '-c', 'touch /x; touch /ro/x; touch /rw/x && echo rw ok']);
    assert.match(ro.stderr, /touch: \/x: Read-only file system\ntouch: \/ro\/x: Read-only file system/);
    assert.equal(ro.stdout, 'rw ok\n');
    // Capabilities: exactly NET_BIND_SERVICE (bit 10) for `caps`; a privileged container can mount.
    assert.equal(await s.k('exec', 'shaped', '-c', 'caps', '--', 'sh', '-c', 'pwd; grep CapEff /proc/self/status'), '/tmp\nCapEff:\t0000000000000400\n');
    const unprivileged = await s.kubectl(['exec', 'shaped', '-c', 'caps', '--', 'mount', '-t', 'tmpfs', 'none', '/mnt']);
    assert.notEqual(unprivileged.code, 0);
    assert.equal(await s.k('exec', 'shaped', '-c', 'priv', '--', 'sh', '-c', 'mkdir -p /mnt/t && mount -t tmpfs none /mnt/t && echo mounted'), 'mounted\n');
    await s.k('delete', 'pod', 'shaped', '--grace-period=0');
    await s.k('delete', 'cm,secret', 'app');
  });

  test('images: bearer-token auth with imagePullSecrets, an OCI index resolved to this platform, gzip layers, a corrupted blob refused', async () => {
    const tokens = await startTokenRegistry({ username: 'puller', password: 'pw' });
    try {
      const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
      const variant = async (arch: string, label = arch): Promise<{ config: Buffer; layers: Buffer[] }> => {
        const layers = [gzipSync(await busyboxLayer()), gzipSync(await tarArchive([{ name: 'arch', content: `${label}\n` }]))];
        const diffIds = await Promise.all(layers.map(async (l) => sha(gunzipSync(l))));
        return { config: Buffer.from(JSON.stringify({ architecture: arch, os: 'linux', config: { Cmd: ['cat', '/arch'] }, rootfs: { type: 'layers', diff_ids: diffIds } })), layers };
      };
      const host = process.arch === 'arm64' ? 'arm64' : 'amd64';
      const other = host === 'amd64' ? 'arm64' : 'amd64';
      tokens.addMultiPlatform('multi/app', '1', { [other]: await variant(other), [host]: await variant(host) });
      tokens.addMultiPlatform('multi/private', '1', { [host]: await variant(host, 'private') });
      const broken = await variant(host, `broken ${host}`);
      tokens.addMultiPlatform('multi/broken', '1', { [host]: broken });
      tokens.corrupt(sha(broken.layers[1]!), gzipSync(await tarArchive([{ name: 'arch', content: 'tampered\n' }])));
      await s.k('create', 'secret', 'docker-registry', 'tokencred', `--docker-server=${tokens.host}`, '--docker-username=puller', '--docker-password=pw');
      const pod = (name: string, image: string, secret: boolean) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { restartPolicy: 'Never', ...(secret ? { imagePullSecrets: [{ name: 'tokencred' }] } : {}), containers: [{ name: 'c', image }] } });
      await s.create(yamlStream([pod('multi', `${tokens.host}/multi/app:1`, true), pod('anon', `${tokens.host}/multi/private:1`, false), pod('broken', `${tokens.host}/multi/broken:1`, true)]));
      await eventually(async () => assert.equal(await jsonpath('pod multi', '{.status.phase}'), 'Succeeded'), { timeoutMs: 60_000 });
      assert.equal(await s.k('logs', 'multi'), `${host}\n`);
      const reason = (name: string): Promise<string> => jsonpath(`pod ${name}`, '{.status.containerStatuses[0].state.waiting.reason}');
      await eventually(async () => assert.match(await reason('anon'), /^(ErrImagePull|ImagePullBackOff)$/), { timeoutMs: 30_000 });
      assert.match(await s.k('describe', 'pod', 'anon'), /Failed to pull image ".*multi\/private:1": .*failed to fetch anonymous token: 401/);
      await eventually(async () => assert.match(await reason('broken'), /^(ErrImagePull|ImagePullBackOff)$/), { timeoutMs: 30_000 });
      assert.match(await s.k('describe', 'pod', 'broken'), /Failed to pull image ".*multi\/broken:1": .*digest/);
      await s.k('delete', 'pod', 'multi', 'anon', 'broken', '--grace-period=0');
      await s.k('delete', 'secret', 'tokencred');
    } finally {
      await tokens.stop();
    }
  });

  test('images: an airgap archive runs without a registry; missing images go ErrImagePull → ImagePullBackOff; Never does not pull', async () => {
    await s.create(yamlStream([
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'airgap' }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: airgapImage, command: ['sleep', '3600'] }] } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'missing' }, spec: { containers: [{ name: 'c', image: `${registry.host}/test/missing:1.0` }] } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'never' }, spec: { containers: [{ name: 'c', image: 'not.here/x:1', imagePullPolicy: 'Never' }] } },
    ]));
    await s.k('wait', '--for=condition=Ready', 'pod/airgap', '--timeout=60s');
    assert.match(await s.k('get', 'events', '--field-selector', 'involvedObject.name=airgap,reason=Pulled', '-o', 'jsonpath={.items[0].message}'), /^Container image "airgap\.local\/tools\/busybox:1\.0" already present on machine$/);
    await eventually(async () => assert.match(await podLine('missing'), /^missing\s+0\/1\s+ImagePullBackOff\s+0\s/), { timeoutMs: 60_000 });
    const pullEvents = await s.k('get', 'events', '--field-selector', 'involvedObject.name=missing', '-o', 'jsonpath={range .items[*]}{.reason}={.message}{"\\n"}{end}');
    assert.match(pullEvents, /^Failed=Failed to pull image ".*\/test\/missing:1\.0": .*not found/m);
    assert.match(pullEvents, /^Failed=Error: ErrImagePull$/m);
    assert.match(pullEvents, /^BackOff=Back-off pulling image ".*\/test\/missing:1\.0"$/m);
    await eventually(async () => assert.match(await podLine('never'), /^never\s+0\/1\s+ErrImageNeverPull\s+0\s/));
    assert.equal(await jsonpath('pod never', '{.status.containerStatuses[0].state.waiting.message}'), 'Container image "not.here/x:1" is not present with pull policy of Never');
    // A pulled image: upstream's message with the duration and the size.
    assert.match(await s.k('get', 'events', '--field-selector', 'involvedObject.name=bb,reason=Pulled', '-o', 'jsonpath={.items[0].message}'), /^Successfully pulled image ".*\/test\/busybox:1\.36" in [\d.]+m?s \([\d.]+m?s including waiting\)\. Image size: \d+ bytes\.$/);
    await s.k('delete', 'pod', 'airgap', 'missing', 'never', '--grace-period=0', '--force');
  });

  test('lifecycle: init containers in order, postStart and preStop hooks, SIGTERM, termination messages, liveness restarts', async () => {
    const work = mkdtempSync(join(tmpdir(), 'skiff-life-'));
    try {
      const step = (text: string): string[] => ['sh', '-c', `echo ${text} >> /work/order`];
      await s.create(yamlStream([
        {
          apiVersion: 'v1', kind: 'Pod', metadata: { name: 'life' },
          spec: {
            terminationGracePeriodSeconds: 20,
            initContainers: [{ name: 'init-1', image: images.busybox, command: step('init-1'), volumeMounts: [{ name: 'work', mountPath: '/work' }] }, { name: 'init-2', image: images.busybox, command: step('init-2'), volumeMounts: [{ name: 'work', mountPath: '/work' }] }],
            containers: [{
              name: 'main', image: images.busybox, volumeMounts: [{ name: 'work', mountPath: '/work' }],
              command: ['sh', '-c', 'trap "echo main-got-TERM >> /work/order; exit 0" TERM; while true; do sleep 0.1; done'],
              lifecycle: { postStart: { exec: { command: step('postStart') } }, preStop: { exec: { command: step('preStop') } } },
            }],
            volumes: [{ name: 'work', hostPath: { path: work } }],
          },
        },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'said' }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: images.busybox, command: ['sh', '-c', 'echo "all done" > /dev/termination-log'] }] } },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'logged' }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: images.busybox, terminationMessagePolicy: 'FallbackToLogsOnError', command: ['sh', '-c', 'echo first; echo it broke; exit 2'] }] } },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'hooked' }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: images.busybox, command: ['sleep', '3600'], lifecycle: { postStart: { exec: { command: ['sh', '-c', 'exit 9'] } } } }] } },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'liveness' }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: images.busybox, command: ['sleep', '3600'], livenessProbe: { exec: { command: ['false'] }, periodSeconds: 1, failureThreshold: 1 } }] } },
      ]));
      await s.k('wait', '--for=condition=Ready', 'pod/life', '--timeout=60s');
      assert.match(await s.k('get', 'pod', 'life', '-o', 'jsonpath={range .status.initContainerStatuses[*]}{.name}:{.state.terminated.reason} {end}'), /^init-1:Completed init-2:Completed $/);
      await eventually(() => assert.equal(readFileSync(join(work, 'order'), 'utf8'), 'init-1\ninit-2\npostStart\n'));
      await s.k('delete', 'pod', 'life', '--wait=true', '--timeout=60s');
      assert.equal(readFileSync(join(work, 'order'), 'utf8'), 'init-1\ninit-2\npostStart\npreStop\nmain-got-TERM\n');
      await eventually(async () => assert.equal(await jsonpath('pod said', '{.status.phase}|{.status.containerStatuses[0].state.terminated.message}'), 'Succeeded|all done\n'));
      await eventually(async () => assert.equal(await jsonpath('pod logged', '{.status.phase}|{.status.containerStatuses[0].state.terminated.exitCode}|{.status.containerStatuses[0].state.terminated.message}'), 'Failed|2|first\nit broke\n'));
      await eventually(async () => assert.equal(await jsonpath('pod hooked', '{.status.phase}'), 'Failed'), { timeoutMs: 30_000 });
      assert.match(await s.k('get', 'events', '--field-selector', 'involvedObject.name=hooked,reason=FailedPostStartHook', '-o', 'jsonpath={.items[0].message}'), /^Exec lifecycle hook \(\[sh -c exit 9\]\) for Container "c" in Pod "hooked_default\(.*\)" failed - error: /);
      await eventually(async () => assert.match(await podLine('liveness'), /^liveness\s+\d\/1\s+\S+\s+[1-9]/), { timeoutMs: 60_000 });
      const events = await s.k('get', 'events', '--field-selector', 'involvedObject.name=liveness', '-o', 'jsonpath={range .items[*]}{.reason}={.message}{"\\n"}{end}');
      assert.match(events, /^Unhealthy=Liveness probe failed: /m);
      assert.match(events, /^Killing=Container c failed liveness probe, will be restarted$/m);
      await s.k('delete', 'pod', 'said', 'logged', 'hooked', 'liveness', '--grace-period=1', '--wait=true', '--timeout=60s');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  test('static pods: a manifest in pod-manifests runs as a mirror pod; a deleted mirror comes back; removing the file removes it', async () => {
    const manifests = join(dataDir, 'agent', 'pod-manifests');
    const file = join(manifests, 'static-web.yaml');
    writeFileSync(file, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: static-web\n  labels: {app: static}\nspec:\n  terminationGracePeriodSeconds: 1\n  containers:\n  - name: web\n    image: ${images.nginx}\n`);
    const mirror = `static-web-${node}`;
    await eventually(async () => assert.match(await podLine(mirror), new RegExp(`^${mirror}\\s+1/1\\s+Running\\s+0\\s`)), { timeoutMs: 30_000 });
    assert.match(await jsonpath(`pod ${mirror}`, '{.metadata.annotations.kubernetes\\.io/config\\.mirror} {.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}'), new RegExp(`^[a-f0-9]{32} Node/${node}$`));
    assert.equal(await s.k('exec', mirror, '--', 'hostname'), `${mirror}\n`);
    const uid = await jsonpath(`pod ${mirror}`, '{.metadata.uid}');
    const running = await jsonpath(`pod ${mirror}`, '{.status.containerStatuses[0].containerID} {.status.podIP}');
    await s.k('exec', mirror, '--', 'sh', '-c', 'echo still here > /tmp/mark');
    // Deleting the mirror does not touch the static pod (as upstream): a new mirror shows the same container.
    await s.k('delete', 'pod', mirror, '--wait=true', '--timeout=30s');
    await eventually(async () => {
      assert.notEqual(await jsonpath(`pod ${mirror}`, '{.metadata.uid}'), uid);
      assert.match(await podLine(mirror), /1\/1\s+Running\s+0\s/);
      assert.equal(await jsonpath(`pod ${mirror}`, '{.status.containerStatuses[0].containerID} {.status.podIP}'), running);
    }, { timeoutMs: 30_000 });
    assert.equal(await s.k('exec', mirror, '--', 'cat', '/tmp/mark'), 'still here\n');
    rmSync(file);
    await eventually(async () => assert.equal((await s.kubectl(['get', 'pod', mirror])).code, 1), { timeoutMs: 30_000 });
    const sandboxes = join(dataDir, 'agent', 'pods');
    await eventually(() => assert.equal(readdirSync(sandboxes).includes(uid), false, 'the static pod\'s sandbox is gone'), { timeoutMs: 30_000 });
  });

  test('kubectl port-forward reaches the pod\'s ports (loopback-only too) over the SPDY tunnel; a closed port is reported', async () => {
    // A second container serves on the pod's loopback only: port-forward connects inside the pod's network namespace.
    await s.create(JSON.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pf-web' },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [
          { name: 'nginx', image: images.nginx },
          { name: 'admin', image: images.busybox, command: ['sh', '-c', 'mkdir /www && echo admin only > /www/index.html && exec httpd -f -p 127.0.0.1:8080 -h /www'] },
        ],
      },
    }));
    await s.k('wait', '--for=condition=Ready', 'pod/pf-web', '--timeout=60s');
    const uid = await s.k('get', 'pod', 'pf-web', '-o', 'jsonpath={.metadata.uid}');
    const pf = spawn('kubectl', ['port-forward', 'pod/pf-web', ':80', ':81', ':8080'], { env: { ...process.env, KUBECONFIG: s.kubeconfig } });
    let out = '';
    pf.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    pf.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    try {
      const ports = await eventually(() => {
        const m = [...out.matchAll(/Forwarding from 127\.0\.0\.1:(\d+) -> (\d+)/g)];
        assert.equal(m.length, 3, out);
        return new Map(m.map((x) => [Number(x[2]), Number(x[1])]));
      });
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`http://127.0.0.1:${ports.get(80)}/`);
        assert.deepEqual([res.status, await res.text()], [200, 'Welcome to nginx!\n']);
      }
      const admin = await fetch(`http://127.0.0.1:${ports.get(8080)}/`);
      assert.deepEqual([admin.status, await admin.text()], [200, 'admin only\n']);
      await assert.rejects(fetch(`http://127.0.0.1:${ports.get(81)}/`));
      await eventually(() => assert.match(out, new RegExp(`error forwarding port 81 to pod pf-web, uid ${uid}: failed to connect to localhost:81 inside namespace \\\\"[^"]+\\\\": connection refused`)));
    } finally {
      pf.kill();
    }
    await s.k('delete', 'pod', 'pf-web', '--grace-period=1');
  });

  test('Services (kube-proxy, nftables): a ClusterIP balances over ready pods, hairpin works, no endpoints refuses, a NodePort answers', async () => {
    const web = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'svc-web' } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'nginx', image: images.nginx }] } });
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc-web' }, spec: { type: 'NodePort', selector: { app: 'svc-web' }, ports: [{ port: 8080, targetPort: 80 }] } };
    const empty = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc-empty' }, spec: { selector: { app: 'nobody' }, ports: [{ port: 80 }] } };
    await s.create(yamlStream([web('svc-web-a'), web('svc-web-b'), svc, empty]));
    await s.k('wait', '--for=condition=Ready', 'pod/svc-web-a', 'pod/svc-web-b', '--timeout=60s');
    for (const p of ['svc-web-a', 'svc-web-b']) await s.k('exec', p, '--', 'sh', '-c', 'echo hello $(hostname) > /usr/share/nginx/html/index.html');
    // seed 003's load generator: `wget -q -O- http://php-apache` from a busybox pod, by the Service's name.
    const client = await s.kubectl(['run', 'svc-client', '-i', '--rm', '--restart=Never', '--image', images.busybox, '--', 'sh', '-c', 'for i in $(seq 1 30); do wget -q -O- http://svc-web:8080; done'], { timeoutMs: 60_000 });
    assert.equal(client.code, 0, client.stderr);
    const answers = new Set(client.stdout.split('\n').filter((l) => l.startsWith('hello')));
    assert.deepEqual([...answers].sort(), ['hello svc-web-a', 'hello svc-web-b']);
    // Hairpin: a pod reaches itself through its Service.
    const self = await s.k('exec', 'svc-web-a', '--', 'sh', '-c', 'for i in $(seq 1 20); do wget -q -O- http://svc-web.default.svc.cluster.local:8080; done');
    assert.match(self, /hello svc-web-a\n/);
    const refused = await s.kubectl(['exec', 'svc-web-a', '--', 'wget', '-q', '-O-', 'http://svc-empty']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /can't connect to remote host \(10\.43\.\d+\.\d+\): Connection refused/);
    // NodePort on the node's address, from the host.
    const nodePort = await jsonpath('svc svc-web', '{.spec.ports[0].nodePort}');
    const nodeIP = await jsonpath(`node ${node}`, '{.status.addresses[?(@.type=="InternalIP")].address}');
    const res = await fetch(`http://${nodeIP}:${nodePort}/`);
    assert.match(await res.text(), /^hello svc-web-[ab]\n$/);
    // sessionAffinity ClientIP: one client stays on one endpoint.
    await s.create(JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc-sticky' }, spec: { selector: { app: 'svc-web' }, sessionAffinity: 'ClientIP', ports: [{ port: 80 }] } }));
    await eventually(async () => {
      const sticky = (await s.k('exec', 'svc-web-a', '--', 'sh', '-c', 'for i in $(seq 1 12); do wget -q -O- http://svc-sticky; done')).split('\n').filter(Boolean);
      assert.equal(sticky.length, 12);
      assert.equal(new Set(sticky).size, 1, sticky.join(','));
    });
    // An endpoint that goes away leaves the rotation.
    await s.k('delete', 'pod', 'svc-web-b', '--grace-period=1', '--wait=true');
    const after = await s.k('exec', 'svc-web-a', '--', 'sh', '-c', 'for i in $(seq 1 10); do wget -q -O- http://svc-web:8080; done');
    assert.equal(after, 'hello svc-web-a\n'.repeat(10));
    await s.k('delete', 'pod', 'svc-web-a', '--grace-period=1');
    await s.k('delete', 'svc', 'svc-web', 'svc-empty', 'svc-sticky');
  });

  test('every namespace gets a default ServiceAccount; a projected service account token authenticates as it', async () => {
    await s.k('create', 'namespace', 'team');
    await eventually(async () => assert.match(await s.k('get', 'sa', '-n', 'team'), /^NAME\s+SECRETS\s+AGE\ndefault\s+0\s+\S+\n$/));
    await s.k('delete', 'sa', 'default', '-n', 'team');
    await eventually(async () => assert.equal(await s.k('get', 'sa', '-n', 'team', '-o', 'name'), 'serviceaccount/default\n'));
    await s.create(JSON.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'tokened', namespace: 'team' },
      spec: {
        serviceAccountName: 'default', terminationGracePeriodSeconds: 0,
        containers: [{ name: 'c', image: images.busybox, command: ['sleep', '3600'], volumeMounts: [{ name: 'api', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }] }],
        volumes: [{ name: 'api', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }, { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } }] } }],
      },
    }));
    await s.k('wait', '--for=condition=Ready', 'pod/tokened', '-n', 'team', '--timeout=60s');
    assert.equal(await s.k('exec', '-n', 'team', 'tokened', '--', 'cat', '/var/run/secrets/kubernetes.io/serviceaccount/namespace'), 'team');
    const token = await s.k('exec', '-n', 'team', 'tokened', '--', 'cat', '/var/run/secrets/kubernetes.io/serviceaccount/token');
    // Only the token: a client certificate, when presented, authenticates first (as upstream).
    const who = await s.kubectl(['auth', 'whoami', '--kubeconfig', '/dev/null', '--server', s.url, '--certificate-authority', join(s.dataDir, 'tls', 'ca.crt'), '--token', token]);
    assert.match(who.stdout, /^Username\s+system:serviceaccount:team:default$/m, who.stderr);
    await s.k('delete', 'namespace', 'team', '--wait=true', '--timeout=60s');
  });

  test('in-cluster API access: the automounted kube-api-access volume, KUBERNETES_SERVICE_HOST and https://kubernetes.default.svc', async () => {
    await s.k('run', 'incluster', '--image', images.busybox, '--', 'sleep', '3600');
    await s.k('wait', '--for=condition=Ready', 'pod/incluster', '--timeout=60s');
    const dir = '/var/run/secrets/kubernetes.io/serviceaccount';
    assert.equal(await s.k('exec', 'incluster', '--', 'cat', `${dir}/namespace`), 'default');
    assert.equal(await s.k('exec', 'incluster', '--', 'cat', `${dir}/ca.crt`), readFileSync(join(s.dataDir, 'tls', 'ca.crt'), 'utf8'));
    const env = await s.k('exec', 'incluster', '--', 'env');
    assert.match(env, /^KUBERNETES_SERVICE_HOST=10\.43\.0\.1$/m);
    assert.match(env, /^KUBERNETES_SERVICE_PORT=443$/m);
    assert.match(env, /^KUBERNETES_PORT_443_TCP=tcp:\/\/10\.43\.0\.1:443$/m);
    assert.match(await s.k('exec', 'incluster', '--', 'nslookup', 'kubernetes.default.svc.cluster.local'), /Address:\s+10\.43\.0\.1\n/);
    // What client libraries do in a pod, from the pod's network namespace with its token and CA: HTTPS to
    // kubernetes.default.svc (the ClusterIP), the certificate verified against ca.crt for that name.
    // (busybox's own TLS offers only SHA-1 signatures, which OpenSSL 3 refuses, so the host's curl does it.)
    const uid = await jsonpath('pod incluster', '{.metadata.uid}');
    const token = await s.k('exec', 'incluster', '--', 'cat', `${dir}/token`);
    const ca = join(s.dataDir, 'incluster-ca.crt');
    writeFileSync(ca, await s.k('exec', 'incluster', '--', 'cat', `${dir}/ca.crt`));
    const netns = join(s.dataDir, 'agent', 'sandboxes', uid, 'net');
    const curl = (fromPod = true): { code: string; body: string } => {
      const path = '/api/v1/namespaces/default/pods/incluster';
      const args = ['curl', '-sS', '-w', '\n%{http_code}', '--cacert', ca, '-H', `Authorization: Bearer ${token}`];
      const out = fromPod
        ? execFileSync('nsenter', [`--net=${netns}`, ...args, '--resolve', 'kubernetes.default.svc:443:10.43.0.1', `https://kubernetes.default.svc${path}`], { encoding: 'utf8' })
        : execFileSync(args[0]!, [...args.slice(1), `${s.url}${path}`], { encoding: 'utf8' });
      const i = out.lastIndexOf('\n');
      return { body: out.slice(0, i), code: out.slice(i + 1) };
    };
    // RBAC: the default account holds nothing but discovery until someone grants it more.
    const denied = curl();
    assert.equal(denied.code, '403');
    assert.equal((JSON.parse(denied.body) as { message: string }).message, 'pods "incluster" is forbidden: User "system:serviceaccount:default:default" cannot get resource "pods" in API group "" in the namespace "default"');
    await s.k('create', 'rolebinding', 'default-view', '--clusterrole=view', '--serviceaccount=default:default');
    const self = JSON.parse(await eventually(() => { const r = curl(); assert.equal(r.code, '200', r.body); return r.body; })) as { metadata: { name: string }; spec: { serviceAccountName: string } };
    assert.deepEqual([self.metadata.name, self.spec.serviceAccountName], ['incluster', 'default']);
    await s.k('delete', 'pod', 'incluster', '--grace-period=1');
    // The token was bound to the pod: once the pod is gone, it is no longer anyone's (asked from the host now).
    assert.equal(curl(false).code, '401');
    await s.k('delete', 'rolebinding', 'default-view');
  });

  test('deleting pods stops their containers and frees their sandboxes', async () => {
    // sleep as PID 1 ignores SIGTERM: a short grace period, then SIGKILL.
    await s.k('delete', 'pod', 'bb', 'client', 'crash', 'hog', 'counter', '--grace-period=1', '--wait=true', '--timeout=60s');
    await s.k('delete', 'sts', 'gate', 'web');
    await eventually(async () => assert.equal(await s.k('get', 'pods', '-o', 'name'), ''), { timeoutMs: 60_000 });
    // The kubelet's pod directories and the runtime's sandboxes (namespaces) alike.
    for (const dir of ['pods', 'sandboxes']) {
      const path = join(s.dataDir, 'agent', dir);
      await eventually(async () => assert.deepEqual(existsSync(path) ? readdirSync(path) : [], [], dir), { timeoutMs: 20_000 });
    }
  });

  test('a server killed with SIGKILL restarts with its StatefulSet pods running again on their claims and addresses', async () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { ports: [{ port: 80, name: 'web' }], clusterIP: 'None', selector: { app: 'db' } } };
    const sts = {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' },
      spec: {
        serviceName: 'db', replicas: 2, selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'db', image: images.nginx, volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    };
    await s.create(yamlStream([svc, sts]));
    await eventually(async () => assert.match(await s.k('get', 'sts', 'db'), /db\s+2\/2\s/), { timeoutMs: 60_000 });
    await s.k('exec', 'db-1', '--', 'sh', '-c', 'echo kept > /data/f');
    const ips = await s.k('get', 'pods', '-l', 'app=db', '-o', 'jsonpath={.items[*].status.podIP}');
    await s.stop('SIGKILL');
    s = await startSkiff({ agent: true, dataDir, args: ['--node-name', node] });
    await eventually(async () => {
      assert.match(await s.k('get', 'sts', 'db'), /db\s+2\/2\s/);
      assert.equal(await s.k('exec', 'db-1', '--', 'cat', '/data/f'), 'kept\n');
    }, { timeoutMs: 60_000 });
    assert.equal(await s.k('get', 'pods', '-l', 'app=db', '-o', 'jsonpath={.items[*].status.podIP}'), ips);
    await s.k('delete', 'sts', 'db');
  });
});
