import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { errorString, root } from '../../meta/field-path.js';
import type { KubeObject } from '../../meta/kind-rules.js';
import { defaultPodTemplateSpec, podQosClass, podRules, podUpdateForbiddenMessage, validatePodTemplateSpec } from './index.js';

const load = (y: string): KubeObject => {
  const o = parse(y) as KubeObject;
  o.metadata = { namespace: 'default', ...(o.metadata ?? {}) };
  return o;
};
const defaulted = (o: KubeObject): KubeObject => {
  podRules.defaults!(o);
  return o;
};
const errs = (o: KubeObject): string[] => podRules.validate!(o).map(errorString);

// Seed 000: a pod using the claim `myclaim`.
const seedMyPod = `
kind: Pod
apiVersion: v1
metadata:
  name: mypod
spec:
  containers:
    - name: myfrontend
      image: dockerfile/nginx
      volumeMounts:
      - mountPath: "/var/www/html"
        name: mypd
  volumes:
    - name: mypd
      persistentVolumeClaim:
        claimName: myclaim
`;

// Seed 003: a pod with an NFS volume and a host port.
const seedNfsWeb = `
apiVersion: v1
kind: Pod
metadata:
  name: nfs-web
spec:
  containers:
    - name: web
      image: nginx
      imagePullPolicy: Never
      ports:
        - name: web
          containerPort: 80
          hostPort: 80
      volumeMounts:
        - name : nfs
          mountPath: "/usr/share/nginx/html"
  volumes:
    - name: nfs
      nfs:
        server: 192.168.66.50
        path: "/test"
`;

const containerDefaults = { resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' };
const specDefaults = { dnsPolicy: 'ClusterFirst', enableServiceLinks: true, restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30 };

test('podRules.defaults() fills the seed 000 pod exactly like upstream', () => {
  const pod = defaulted(load(seedMyPod));
  assert.deepEqual(pod['spec'], {
    ...specDefaults,
    containers: [{ name: 'myfrontend', image: 'dockerfile/nginx', imagePullPolicy: 'Always', ...containerDefaults, volumeMounts: [{ mountPath: '/var/www/html', name: 'mypd' }] }],
    volumes: [{ name: 'mypd', persistentVolumeClaim: { claimName: 'myclaim' } }],
  });
  assert.deepEqual(errs(pod), []);
});

test('podRules.defaults() fills the seed 003 NFS pod (port protocol, explicit pull policy kept)', () => {
  const pod = defaulted(load(seedNfsWeb));
  assert.deepEqual(pod['spec'], {
    ...specDefaults,
    containers: [{
      name: 'web', image: 'nginx', imagePullPolicy: 'Never', ...containerDefaults,
      ports: [{ name: 'web', containerPort: 80, hostPort: 80, protocol: 'TCP' }],
      volumeMounts: [{ name: 'nfs', mountPath: '/usr/share/nginx/html' }],
    }],
    volumes: [{ name: 'nfs', nfs: { server: '192.168.66.50', path: '/test' } }],
  });
  assert.deepEqual(errs(pod), []);
});

test('podRules.defaults() applies pull policy, probe, volume and resource defaults', () => {
  const pod = defaulted(load(`
metadata: {name: p}
spec:
  hostNetwork: true
  containers:
  - name: a
    image: registry.local:5000/app:1.2
    ports: [{containerPort: 8080}]
    env: [{name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
    livenessProbe: {httpGet: {port: 8080}}
    resources: {limits: {cpu: "0.5", memory: 1024Mi}}
  - {name: b, image: "busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
  - {name: c, image: "nginx:latest"}
  volumes:
  - {name: scratch}
  - {name: host, hostPath: {path: /data}}
  - {name: cfg, configMap: {name: cfg}}
  - {name: sec, secret: {secretName: s}}
`));
  const spec = pod['spec'] as { containers: Record<string, unknown>[]; volumes: unknown[] };
  const [a, b, c] = spec.containers;
  assert.equal(a?.['imagePullPolicy'], 'IfNotPresent');
  assert.equal(b?.['imagePullPolicy'], 'IfNotPresent');
  assert.equal(c?.['imagePullPolicy'], 'Always');
  assert.deepEqual(a?.['ports'], [{ containerPort: 8080, hostPort: 8080, protocol: 'TCP' }]);
  assert.deepEqual(a?.['env'], [{ name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }]);
  assert.deepEqual(a?.['livenessProbe'], { httpGet: { port: 8080, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  assert.deepEqual(a?.['resources'], { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } });
  assert.deepEqual(spec.volumes, [
    { name: 'scratch', emptyDir: {} },
    { name: 'host', hostPath: { path: '/data', type: '' } },
    { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } },
    { name: 'sec', secret: { secretName: 's', defaultMode: 420 } },
  ]);
  assert.deepEqual(errs(pod), []);
});

test('podRules.validate() rejects invalid pods with upstream paths and messages', () => {
  const cases: Array<[string, string, string[]]> = [
    ['missing image', 'spec: {containers: [{name: a}]}', ['spec.containers[0].image: Required value']],
    ['no containers', 'spec: {containers: []}', ['spec.containers: Required value']],
    ['bad container name', 'spec: {containers: [{name: Web_1, image: x}]}', [
      "spec.containers[0].name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]],
    ['duplicate container', 'spec: {containers: [{name: a, image: x}, {name: a, image: y}]}', ['spec.containers[1].name: Duplicate value: "a"']],
    ['bad port', 'spec: {containers: [{name: a, image: x, ports: [{containerPort: 70000, protocol: HTTP}]}]}', [
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ]],
    ['unknown mount', 'spec: {containers: [{name: a, image: x, volumeMounts: [{name: data, mountPath: /d}]}]}', ['spec.containers[0].volumeMounts[0].name: Not found: "data"']],
    ['two sources', 'spec: {containers: [{name: a, image: x}], volumes: [{name: v, emptyDir: {}, hostPath: {path: /x}}]}', ['spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type']],
    ['nfs relative path', 'spec: {containers: [{name: a, image: x}], volumes: [{name: v, nfs: {server: s, path: data}}]}', ['spec.volumes[0].nfs.path: Invalid value: "data": must be an absolute path']],
    ['claimName missing', 'spec: {containers: [{name: a, image: x}], volumes: [{name: v, persistentVolumeClaim: {}}]}', ['spec.volumes[0].persistentVolumeClaim.claimName: Required value']],
    ['restart policy', 'spec: {restartPolicy: Sometimes, containers: [{name: a, image: x}]}', ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']],
    ['requests above limits', 'spec: {containers: [{name: a, image: x, resources: {limits: {cpu: "1"}, requests: {cpu: "2"}}}]}', ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1']],
    ['bad env name', 'spec: {containers: [{name: a, image: x, env: [{name: "1A", value: v}]}]}', [
      "spec.containers[0].env[0].name: Invalid value: \"1A\": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
    ]],
    ['liveness threshold', 'spec: {containers: [{name: a, image: x, livenessProbe: {exec: {command: [true]}, successThreshold: 2}}]}', ['spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1']],
  ];
  for (const [name, y, want] of cases) {
    const pod = defaulted(load(`metadata: {name: p}\n${y}`));
    assert.deepEqual(errs(pod), want, name);
  }
});

test('podRules.validateUpdate() allows image changes and forbids other spec changes', () => {
  const old = defaulted(load(seedMyPod));
  const image = structuredClone(old);
  ((image['spec'] as { containers: Record<string, unknown>[] }).containers[0] ?? {})['image'] = 'nginx:1.27';
  assert.deepEqual(podRules.validateUpdate!(image, old), []);
  const bind = structuredClone(old);
  (bind['spec'] as Record<string, unknown>)['nodeName'] = 'node-1';
  assert.deepEqual(podRules.validateUpdate!(bind, old), []);
  const env = structuredClone(old);
  ((env['spec'] as { containers: Record<string, unknown>[] }).containers[0] ?? {})['env'] = [{ name: 'A', value: 'b' }];
  assert.deepEqual(podRules.validateUpdate!(env, old).map(errorString), [`spec: Forbidden: ${podUpdateForbiddenMessage}`]);
  assert.match(podUpdateForbiddenMessage, /^pod updates may not change fields other than `spec.containers\[\*\].image`,`spec.initContainers\[\*\].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` \(only additions to existing tolerations\),`spec.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)$/);
  const more = structuredClone(old);
  (more['spec'] as { containers: unknown[] }).containers.push({ name: 'b', image: 'x' });
  podRules.defaults!(more);
  assert.deepEqual(podRules.validateUpdate!(more, old).map(errorString), ['spec.containers: Forbidden: pod updates may not add or remove containers']);
});

test('validatePodTemplateSpec() accepts the seed 000 StatefulSet template and applies restart policy limits', () => {
  const t = parse(`
metadata:
  labels:
    app: nginx
spec:
  containers:
  - name: nginx
    image: registry.cn-hangzhou.aliyuncs.com/chenshi-kubernetes/nginx-slim:0.8
    ports:
    - containerPort: 80
      name: web
    volumeMounts:
    - name: www
      mountPath: /usr/share/nginx/html
`) as Record<string, unknown>;
  defaultPodTemplateSpec(t);
  assert.deepEqual(t['spec'], {
    dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30,
    containers: [{
      name: 'nginx', image: 'registry.cn-hangzhou.aliyuncs.com/chenshi-kubernetes/nginx-slim:0.8', imagePullPolicy: 'IfNotPresent', ...containerDefaults,
      ports: [{ containerPort: 80, name: 'web', protocol: 'TCP' }],
      volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }],
    }],
  });
  // The `www` mount comes from volumeClaimTemplates: the StatefulSet adds the volume, so the bare template reports it.
  assert.deepEqual(validatePodTemplateSpec(t, root('spec', 'template')).map(errorString), ['spec.template.spec.containers[0].volumeMounts[0].name: Not found: "www"']);
  (t['spec'] as Record<string, unknown>)['volumes'] = [{ name: 'www', emptyDir: {} }];
  assert.deepEqual(validatePodTemplateSpec(t, root('spec', 'template')), []);
  (t['spec'] as Record<string, unknown>)['restartPolicy'] = 'Never';
  assert.deepEqual(validatePodTemplateSpec(t, root('spec', 'template'), { restartPolicies: ['Always'] }).map(errorString), ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
});

test('podQosClass() classifies pods like upstream after defaulting', () => {
  const qos = (y: string): string => podQosClass(defaulted(load(`metadata: {name: p}\n${y}`))['spec']);
  assert.equal(qos('spec: {containers: [{name: a, image: x}]}'), 'BestEffort');
  assert.equal(qos('spec: {containers: [{name: a, image: x, resources: {limits: {cpu: "1", memory: 1Gi}}}]}'), 'Guaranteed');
  assert.equal(qos('spec: {containers: [{name: a, image: x, resources: {requests: {cpu: 100m}}}]}'), 'Burstable');
  assert.equal(qos('spec: {containers: [{name: a, image: x, resources: {limits: {cpu: "1", memory: 1Gi}, requests: {cpu: 500m}}}]}'), 'Burstable');
});
