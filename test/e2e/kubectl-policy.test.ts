// e2e: admission policy and disruption budgets through the real kubectl on simulated nodes: a ResourceQuota's
// 403 and `kubectl get/describe quota`, LimitRange defaults on a created pod, PodSecurity enforce rejecting a
// privileged pod and warn printing kubectl's `Warning:` lines, and `kubectl drain` held by a PodDisruptionBudget
// until the evicted pod's replacement is ready.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

const pod = (name: string, resources?: object, securityContext?: object): string => JSON.stringify({
  apiVersion: 'v1', kind: 'Pod', metadata: { name },
  spec: { containers: [{ name: 'c', image: 'nginx', ...(resources ? { resources } : {}), ...(securityContext ? { securityContext } : {}) }] },
});

describe('kubectl policy: quota, limit ranges, pod security, disruption budgets', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--simulated-nodes', '2'] }); });
  after(async () => { await s?.stop(); });
  const inNs = (ns: string, input: string) => s.kubectl(['create', '-n', ns, '-f', '-'], { input });

  test('a ResourceQuota rejects what exceeds it with upstream 403 text; get and describe show its usage', async () => {
    await s.k('create', 'namespace', 'quota');
    await s.create(JSON.stringify({
      apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute-quota', namespace: 'quota' },
      spec: { hard: { 'requests.cpu': '2', 'requests.memory': '1Gi', 'limits.cpu': '4', 'limits.memory': '2Gi', pods: '4' } },
    }));
    // The quota controller measures the namespace first.
    await eventually(async () => assert.equal(await s.k('get', 'quota', 'compute-quota', '-n', 'quota', '-o', 'jsonpath={.status.used.pods}'), '0'));
    const first = await inNs('quota', pod('big', { requests: { cpu: '1800m', memory: '100Mi' }, limits: { cpu: '2', memory: '200Mi' } }));
    assert.equal(first.code, 0, first.stderr);
    const over = await inNs('quota', pod('x', { requests: { cpu: '500m', memory: '100Mi' }, limits: { cpu: '1', memory: '200Mi' } }));
    assert.equal(over.code, 1);
    assert.equal(over.stderr.trim(), 'Error from server (Forbidden): error when creating "STDIN": pods "x" is forbidden: exceeded quota: compute-quota, requested: requests.cpu=500m, used: requests.cpu=1800m, limited: requests.cpu=2');
    const bare = await s.kubectl(['run', 'bare', '-n', 'quota', '--image=nginx']);
    assert.equal(bare.stderr.trim(), 'Error from server (Forbidden): pods "bare" is forbidden: failed quota: compute-quota: must specify limits.cpu for: bare; limits.memory for: bare; requests.cpu for: bare; requests.memory for: bare');
    assert.match(await s.k('get', 'quota', '-n', 'quota'),
      /^NAME\s+REQUEST\s+LIMIT\s+AGE\ncompute-quota\s+pods: 1\/4, requests\.cpu: 1800m\/2, requests\.memory: 100Mi\/1Gi\s+limits\.cpu: 2\/4, limits\.memory: 200Mi\/2Gi\s+\S+\n$/);
    assert.equal(await s.k('describe', 'quota', 'compute-quota', '-n', 'quota'), [
      'Name:            compute-quota',
      'Namespace:       quota',
      'Resource         Used   Hard',
      '--------         ----   ----',
      'limits.cpu       2      4',
      'limits.memory    200Mi  2Gi',
      'pods             1      4',
      'requests.cpu     1800m  2',
      'requests.memory  100Mi  1Gi',
      '',
    ].join('\n'));
    // Deleting the pod gives its share back.
    await s.k('delete', 'pod', 'big', '-n', 'quota', '--wait=false');
    await eventually(async () => assert.equal(await s.k('get', 'quota', 'compute-quota', '-n', 'quota', '-o', 'jsonpath={.status.used.requests\\.cpu} {.status.used.pods}'), '0 0'), { timeoutMs: 20_000 });
  });

  test('a LimitRange fills in container defaults (visible on the pod) and rejects a limit over its max', async () => {
    await s.k('create', 'namespace', 'limits');
    await s.create(JSON.stringify({
      apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'limits', namespace: 'limits' },
      spec: { limits: [{ type: 'Container', max: { cpu: '1', memory: '1Gi' }, default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '250m', memory: '128Mi' } }] },
    }));
    await eventually(async () => {
      const r = await inNs('limits', pod('defaulted'));
      assert.equal(r.code, 0, r.stderr);
    });
    assert.equal(await s.k('get', 'pod', 'defaulted', '-n', 'limits', '-o', 'jsonpath={.spec.containers[0].resources}'), '{"limits":{"cpu":"500m","memory":"256Mi"},"requests":{"cpu":"250m","memory":"128Mi"}}');
    assert.equal(await s.k('get', 'pod', 'defaulted', '-n', 'limits', '-o', 'jsonpath={.metadata.annotations.kubernetes\\.io/limit-ranger}'),
      'LimitRanger plugin set: cpu, memory request for container c; cpu, memory limit for container c');
    const big = await inNs('limits', pod('x', { limits: { cpu: '2' } }));
    assert.equal(big.stderr.trim(), 'Error from server (Forbidden): error when creating "STDIN": pods "x" is forbidden: maximum cpu usage per Container is 1, but limit is 2');
  });

  test('PodSecurity: restricted rejects a privileged pod; a warn namespace prints kubectl Warning lines', async () => {
    await s.k('create', 'namespace', 'secure');
    await s.k('label', 'namespace', 'secure', 'pod-security.kubernetes.io/enforce=restricted');
    await eventually(async () => {
      const r = await inNs('secure', pod('priv', undefined, { privileged: true }));
      assert.equal(r.stderr.trim(), 'Error from server (Forbidden): error when creating "STDIN": pods "priv" is forbidden: violates PodSecurity "restricted:latest": '
        + 'privileged (container "c" must not set securityContext.privileged=true), '
        + 'allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), '
        + 'unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), '
        + 'runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), '
        + 'seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")');
    });
    const ok = await inNs('secure', pod('ok', undefined, { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } }));
    assert.equal(ok.code, 0, ok.stderr);

    await s.k('create', 'namespace', 'loose');
    await s.k('label', 'namespace', 'loose', 'pod-security.kubernetes.io/warn=baseline');
    await eventually(async () => {
      const r = await inNs('loose', pod('priv', undefined, { privileged: true }));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, 'Warning: would violate PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)\n');
    });
    const deploy = await s.kubectl(['create', 'deployment', 'web', '-n', 'loose', '--image=nginx', '--dry-run=server']);
    assert.equal(deploy.stderr, '', 'the default deployment meets baseline');
    // Workloads are warned about their pod template (never rejected for it).
    await s.k('create', 'namespace', 'workloads');
    await s.k('label', 'namespace', 'workloads', 'pod-security.kubernetes.io/warn=restricted', 'pod-security.kubernetes.io/enforce=restricted');
    await eventually(async () => {
      const r = await s.kubectl(['create', 'deployment', 'web', '-n', 'workloads', '--image=nginx']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, 'Warning: would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), '
        + 'unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), '
        + 'seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")\n');
    });
    // Its ReplicaSet's pods are held to the enforce level, as upstream: FailedCreate with the PodSecurity reason.
    await eventually(async () => assert.match(await s.k('get', 'events', '-n', 'workloads', '--field-selector=reason=FailedCreate', '-o', 'jsonpath={.items[0].message}'),
      /^Error creating: pods "web-[a-z0-9]+-[a-z0-9]{5}" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false/), { timeoutMs: 20_000 });
    // Tightening enforce warns about the pods already there.
    const tighten = await s.kubectl(['label', 'namespace', 'loose', 'pod-security.kubernetes.io/enforce=baseline']);
    assert.equal(tighten.code, 0, tighten.stderr);
    assert.equal(tighten.stderr, 'Warning: existing pods in namespace "loose" violate the new PodSecurity enforce level "baseline:latest"\nWarning: priv: privileged\n');
    const bad = await s.kubectl(['label', 'namespace', 'loose', 'pod-security.kubernetes.io/enforce=strict', '--overwrite']);
    assert.equal(bad.stderr.trim(), 'The Namespace "loose" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted');
  });

  test('kubectl drain evicts through a PodDisruptionBudget: the second eviction waits until the first pod is back', async () => {
    await s.k('cordon', 'node-2');
    await s.k('create', 'deployment', 'web', '--image=nginx', '--replicas=2');
    await s.k('create', 'poddisruptionbudget', 'web', '--selector=app=web', '--min-available=1');
    await eventually(async () => assert.equal(await s.k('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.spec.nodeName}/{.status.phase} {end}'), 'node-1/Running node-1/Running '), { timeoutMs: 20_000 });
    await eventually(async () => assert.match(await s.k('get', 'pdb', 'web'), /^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\nweb\s+1\s+N\/A\s+1\s+\S+\n$/));
    assert.equal(await s.k('get', 'pdb', 'web', '-o', 'jsonpath={.status.currentHealthy}/{.status.desiredHealthy}/{.status.expectedPods} {.status.conditions[0].type}={.status.conditions[0].status} {.status.conditions[0].reason}'),
      '2/1/2 DisruptionAllowed=True SufficientPods');
    await s.k('uncordon', 'node-2');
    const drain = await s.kubectl(['drain', 'node-1', '--pod-selector=app=web', '--timeout=60s'], { timeoutMs: 90_000 });
    assert.equal(drain.code, 0, drain.stderr);
    const out = drain.stdout + drain.stderr;
    // One pod goes at once; the other is refused (429) while the budget has no disruption left, then evicted.
    assert.match(out, /error when evicting pods\/"web-[a-z0-9]+-[a-z0-9]{5}" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\./);
    assert.equal((out.match(/pod\/web-[a-z0-9]+-[a-z0-9]{5} evicted/g) ?? []).length, 2, out);
    assert.match(out, /node\/node-1 drained/);
    await eventually(async () => assert.equal(await s.k('get', 'pods', '-l', 'app=web', '--field-selector=status.phase=Running', '-o', 'jsonpath={range .items[*]}{.spec.nodeName} {end}'), 'node-2 node-2 '), { timeoutMs: 20_000 });
    await eventually(async () => assert.equal(await s.k('get', 'pdb', 'web', '-o', 'jsonpath={.status.disruptionsAllowed} {.status.currentHealthy}'), '1 2'));
    await s.k('uncordon', 'node-1');
  });
});
