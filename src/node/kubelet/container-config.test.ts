import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { capabilitiesOf, containerMounts, mergeEnv, processArgs, SpecError, userOf } from './container-config.js';
import { capabilitiesInMask } from './capabilities.js';
import { ContainerConfigError } from './env.js';

const image = { config: { Entrypoint: ['/entry'], Cmd: ['--serve'], Env: ['PATH=/bin', 'MODE=image'], User: 'www' } };
const c = (x: Partial<Container>): Container => ({ name: 'c', ...x });

test('processArgs(): command replaces Entrypoint and drops Cmd; args replace Cmd; $(VAR) expands', () => {
  const vars = new Map([['PORT', '8080']]);
  assert.deepEqual(processArgs(c({}), image, vars), ['/entry', '--serve']);
  assert.deepEqual(processArgs(c({ args: ['--port=$(PORT)'] }), image, vars), ['/entry', '--port=8080']);
  assert.deepEqual(processArgs(c({ command: ['sh'] }), image, vars), ['sh']);
  assert.deepEqual(processArgs(c({ command: ['sh'], args: ['-c', 'echo $$HOME $(NOPE)'] }), image, vars), ['sh', '-c', 'echo $HOME $(NOPE)']);
  assert.throws(() => processArgs(c({}), {}, vars), SpecError);
});

test('mergeEnv(): the image\'s Env, then the container\'s, later names winning', () => {
  assert.deepEqual(mergeEnv(image, [{ name: 'MODE', value: 'pod' }, { name: 'X', value: '1' }]), ['PATH=/bin', 'MODE=pod', 'X=1']);
  assert.deepEqual(mergeEnv({}, []), ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']);
});

test('userOf(): runAsUser/runAsGroup over the image user, names from the image\'s passwd and group', () => {
  const files = { passwd: 'root:x:0:0::/root:/bin/sh\nwww:x:33:33::/var/www:/bin/false\n', group: 'root:x:0:\nwww:x:33:\n' };
  const pod: Pod = { spec: { containers: [], securityContext: { supplementalGroups: [5] } } };
  assert.deepEqual(userOf(pod, c({}), image, files), { uid: 33, gid: 33, additionalGids: [5] });
  assert.deepEqual(userOf(pod, c({ securityContext: { runAsUser: 1000, runAsGroup: 2000 } }), image, files), { uid: 1000, gid: 2000, additionalGids: [5] });
});

test('capabilitiesInMask() reads a /proc status mask; privileged gets what the runtime holds', () => {
  const held = capabilitiesInMask('000001fffeffffff');
  assert.equal(held.includes('CAP_SYS_RESOURCE'), false);
  assert.equal(held.length, 40);
  assert.deepEqual(capabilitiesInMask('0000000000000401'), ['CAP_CHOWN', 'CAP_NET_BIND_SERVICE']);
  assert.deepEqual(capabilitiesOf({ name: 'c', securityContext: { privileged: true } }, held), held);
  assert.deepEqual(capabilitiesOf({ name: 'c', securityContext: { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } }), ['CAP_NET_BIND_SERVICE']);
});

test('containerMounts(): pod files unless a volume claims their path, the termination log, volumes with subPath and readOnly', () => {
  const volumes = new Map([['data', { path: '/pods/u/volumes/data', readOnly: false }], ['conf', { path: '/pods/u/volumes/conf', readOnly: true }]]);
  const container = c({ terminationMessagePath: '/tmp/done', volumeMounts: [{ name: 'data', mountPath: '/data', subPath: 'web-0' }, { name: 'conf', mountPath: '/etc/hosts' }, { name: 'data', mountPath: '/ro', readOnly: true }] });
  assert.deepEqual(containerMounts(container, { podDir: '/pods/u', terminationFile: '/pods/u/termination/c-0', volumes }), {
    mounts: [
      { containerPath: '/etc/resolv.conf', hostPath: '/pods/u/resolv.conf', readOnly: false },
      { containerPath: '/etc/hostname', hostPath: '/pods/u/hostname', readOnly: false },
      { containerPath: '/tmp/done', hostPath: '/pods/u/termination/c-0', readOnly: false },
      { containerPath: '/data', hostPath: '/pods/u/volumes/data/web-0', readOnly: false },
      { containerPath: '/etc/hosts', hostPath: '/pods/u/volumes/conf', readOnly: true },
      { containerPath: '/ro', hostPath: '/pods/u/volumes/data', readOnly: true },
    ],
    directories: ['/pods/u/volumes/data/web-0'],
  });
  assert.throws(() => containerMounts(c({ volumeMounts: [{ name: 'nope', mountPath: '/x' }] }), { podDir: '/p', terminationFile: '/t', volumes }), ContainerConfigError);
});
