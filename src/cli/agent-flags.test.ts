import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { parseAgentFlags } from './agent-flags.js';

const base = ['--server', 'https://10.0.0.1:6443', '--token', 'K10abc', '--ca-file', '/tmp/ca.crt'];

test('parseAgentFlags() takes the server, token, CA and the simulated node range', () => {
  const f = parseAgentFlags([...base, '--simulate', '3', '--simulate-first', '5', '--lease-renew-interval', '2s']);
  assert.deepEqual(f, { server: 'https://10.0.0.1:6443', servers: ['https://10.0.0.1:6443'], token: 'K10abc', tokenFile: undefined, caFile: '/tmp/ca.crt', simulate: 3, simulateFirst: 5, renewIntervalMs: 2000, nodeName: hostname().toLowerCase(), dataDir: f.dataDir, kubeletPort: 10250, containerLogRotation: { maxBytes: 10 * 1024 * 1024, maxFiles: 5 }, imageGc: { highThresholdPercent: 85, lowThresholdPercent: 80, minAgeMs: 120_000 }, logLevel: 'info', help: false });
});

test('parseAgentFlags() without --simulate joins this machine as a real node', () => {
  const f = parseAgentFlags([...base, '--node-name', 'worker-1', '--data-dir', '/tmp/agent', '--kubelet-port', '0']);
  assert.deepEqual([f.simulate, f.nodeName, f.dataDir, f.kubeletPort], [0, 'worker-1', '/tmp/agent', 0]);
  assert.throws(() => parseAgentFlags([...base, '--node-name', 'Bad_Name']), /invalid argument "Bad_Name" for "--node-name"/);
  assert.throws(() => parseAgentFlags([...base, '--kubelet-port', '70000']), /invalid argument "70000" for "--kubelet-port"/);
  assert.deepEqual(parseAgentFlags([...base, '--container-log-max-size', '1Mi', '--container-log-max-files', '10']).containerLogRotation, { maxBytes: 1024 * 1024, maxFiles: 10 });
  assert.throws(() => parseAgentFlags([...base, '--container-log-max-size', 'big']), /invalid argument "big" for "--container-log-max-size"/);
  assert.deepEqual(parseAgentFlags([...base, '--image-gc-high-threshold', '95', '--image-gc-low-threshold', '90', '--minimum-image-ttl-duration', '10s']).imageGc, { highThresholdPercent: 95, lowThresholdPercent: 90, minAgeMs: 10_000 });
  assert.throws(() => parseAgentFlags([...base, '--minimum-image-ttl-duration', 'soon']), /invalid argument "soon" for "--minimum-image-ttl-duration"/);
  assert.throws(() => parseAgentFlags([...base, '--image-gc-high-threshold', '70']), /imageGCLowThresholdPercent \(--image-gc-low-threshold\) 80 must be less than imageGCHighThresholdPercent \(--image-gc-high-threshold\) 70/);
});

test('parseAgentFlags() names what is missing or wrong', () => {
  assert.throws(() => parseAgentFlags(['--simulate', '1']), /required flag "--server" not set/);
  assert.throws(() => parseAgentFlags(['--server', 'http://x:1', '--token', 't', '--ca-file', 'c', '--simulate', '1']), /must be an https:\/\/ URL/);
  assert.throws(() => parseAgentFlags(['--server', 'https://x:1', '--ca-file', 'c', '--simulate', '1']), /one of "--token" or "--token-file" must be set/);
  assert.throws(() => parseAgentFlags([...base, '--token-file', 'f', '--simulate', '1']), /cannot be used together/);
  assert.throws(() => parseAgentFlags([...base, '--simulate', '0']), /invalid argument "0" for "--simulate"/);
  assert.throws(() => parseAgentFlags([...base, '--simulate', '1', '--bogus']), /unknown flag: --bogus/);
  assert.equal(parseAgentFlags(['--help']).help, true);
});

test('parseAgentFlags() takes several servers of one cluster, comma-separated', () => {
  const f = parseAgentFlags(['--server', 'https://10.0.0.1:6443,https://10.0.0.2:6443/', '--token', 'K10abc', '--ca-file', '/tmp/ca.crt', '--simulate', '1']);
  assert.deepEqual([f.server, f.servers], ['https://10.0.0.1:6443', ['https://10.0.0.1:6443', 'https://10.0.0.2:6443']]);
  assert.throws(() => parseAgentFlags(['--server', 'https://a:1,http://b:2', '--token', 'K10abc', '--ca-file', '/tmp/ca.crt']), /invalid argument "http:\/\/b:2" for "--server"/);
  assert.throws(() => parseAgentFlags(['--server', ',', '--token', 'K10abc', '--ca-file', '/tmp/ca.crt']), /required flag "--server" not set/);
});
