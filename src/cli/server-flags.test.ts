import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { parseServerFlags } from './server-flags.js';
import { FlagError } from './flag-scan.js';

const securityDefaults = { auditLogMaxSizeMb: 0, auditLogMaxBackup: 0, auditLogMaxAgeDays: 0, auditLogBufferSize: 10_000, maxRequestsInflight: 400, maxMutatingRequestsInflight: 200 };

test('parseServerFlags() fills upstream-like defaults for root', () => {
  const f = parseServerFlags([], 0);
  assert.deepEqual(f, { dataDir: '/var/lib/skiff', httpsListenPort: 6443, bindAddress: '127.0.0.1', writeKubeconfig: '/var/lib/skiff/kubeconfig.yaml', datastore: 'sqlite:///var/lib/skiff/state.db', datastoreTls: {}, logLevel: 'info', nodeName: hostname().toLowerCase(), containerLogRotation: { maxBytes: 10 * 1024 * 1024, maxFiles: 5 }, simulatedNodes: 0, nodeMonitorGracePeriodMs: 40_000, apiserviceRecheckIntervalMs: 30_000, disableAgent: false, clusterDnsHost: '127.0.0.1', clusterDnsPort: 0, clusterCidr: '10.42.0.0/16', hpaSyncPeriodMs: 15_000, hpaDownscaleStabilizationMs: 300_000, metricResolutionMs: 15_000, authorizationMode: 'Node,RBAC', security: securityDefaults, imageGc: { highThresholdPercent: 85, lowThresholdPercent: 80, minAgeMs: 120_000 }, help: false });
});

test('parseServerFlags() accepts both --flag value and --flag=value', () => {
  const f = parseServerFlags(['--data-dir', '/tmp/x', '--https-listen-port=0', '--write-kubeconfig', '/tmp/k.yaml'], 0);
  assert.equal(f.dataDir, '/tmp/x');
  assert.equal(f.httpsListenPort, 0);
  assert.equal(f.writeKubeconfig, '/tmp/k.yaml');
  assert.equal(f.datastore, 'sqlite:///tmp/x/state.db');
});

test('parseServerFlags() rejects unknown flags, bad ports and bad addresses with a clear message', () => {
  assert.throws(() => parseServerFlags(['--bogus']), new FlagError('unknown flag: --bogus'));
  assert.throws(() => parseServerFlags(['--https-listen-port', 'abc']), /invalid argument "abc" for "--https-listen-port"/);
  assert.throws(() => parseServerFlags(['--https-listen-port', '70000']), /between 0 and 65535/);
  assert.throws(() => parseServerFlags(['--bind-address', 'nope']), /must be an IP address/);
  assert.throws(() => parseServerFlags(['--data-dir']), /flag needs an argument: --data-dir/);
  assert.throws(() => parseServerFlags(['--datastore', 'mysql://x']), /must start with sqlite:\/\//);
  assert.throws(() => parseServerFlags(['--node-name', 'Node_1']), /invalid argument "Node_1" for "--node-name": must be a lowercase RFC 1123 subdomain/);
});

test('parseServerFlags() takes the embedded node name and the simulated node count', () => {
  assert.equal(parseServerFlags(['--node-name', 'node-a']).nodeName, 'node-a');
  assert.equal(parseServerFlags(['--simulated-nodes', '1000']).simulatedNodes, 1000);
  assert.throws(() => parseServerFlags(['--simulated-nodes', '-1']), /invalid argument "-1" for "--simulated-nodes"/);
  assert.equal(parseServerFlags(['--node-monitor-grace-period', '1m30s']).nodeMonitorGracePeriodMs, 90_000);
  assert.equal(parseServerFlags(['--node-monitor-grace-period', '500ms']).nodeMonitorGracePeriodMs, 500);
  assert.throws(() => parseServerFlags(['--node-monitor-grace-period', '40']), /must be a positive duration/);
  assert.equal(parseServerFlags(['--apiservice-recheck-interval', '2s']).apiserviceRecheckIntervalMs, 2_000);
  assert.throws(() => parseServerFlags(['--apiservice-recheck-interval', '0s']), /"--apiservice-recheck-interval": must be a positive duration/);
});

test('parseServerFlags() takes --disable-agent as a boolean flag', () => {
  assert.equal(parseServerFlags(['--disable-agent']).disableAgent, true);
  assert.equal(parseServerFlags(['--disable-agent=false']).disableAgent, false);
  assert.throws(() => parseServerFlags(['--disable-agent=maybe']), /invalid argument "maybe" for "--disable-agent": must be true or false/);
});

test('parseServerFlags() takes the cluster DNS address', () => {
  const f = parseServerFlags(['--cluster-dns-listen', '127.0.0.1:5353']);
  assert.deepEqual([f.clusterDnsHost, f.clusterDnsPort], ['127.0.0.1', 5353]);
  assert.throws(() => parseServerFlags(['--cluster-dns-listen', 'localhost']), /invalid argument "localhost" for "--cluster-dns-listen"/);
});

test('parseServerFlags() takes the cluster CIDR pod subnets come from', () => {
  assert.equal(parseServerFlags([]).clusterCidr, '10.42.0.0/16');
  assert.equal(parseServerFlags(['--cluster-cidr', '10.120.0.0/16']).clusterCidr, '10.120.0.0/16');
  assert.throws(() => parseServerFlags(['--cluster-cidr', '10.0.0.0/28']), /invalid argument "10.0.0.0\/28" for "--cluster-cidr": must be an IPv4 CIDR with a prefix between \/8 and \/24/);
  assert.throws(() => parseServerFlags(['--cluster-cidr', 'fd00::/64']), /invalid argument "fd00::\/64" for "--cluster-cidr"/);
});

test('parseServerFlags() reads the HPA controller flags as Go durations', () => {
  const f = parseServerFlags(['--horizontal-pod-autoscaler-sync-period', '5s', '--horizontal-pod-autoscaler-downscale-stabilization=30s'], 0);
  assert.deepEqual([f.hpaSyncPeriodMs, f.hpaDownscaleStabilizationMs], [5000, 30_000]);
  assert.throws(() => parseServerFlags(['--horizontal-pod-autoscaler-sync-period', '0s'], 0), /invalid argument "0s" for "--horizontal-pod-autoscaler-sync-period": must be a positive duration such as 15s/);
});

test('parseServerFlags() takes the encryption provider configuration as an absolute path', () => {
  assert.equal(parseServerFlags(['--encryption-provider-config', 'enc.yaml']).security.encryptionProviderConfig, resolve('enc.yaml'));
  assert.throws(() => parseServerFlags(['--encryption-provider-config=']), /invalid argument "" for "--encryption-provider-config": must be a file path/);
});

test('parseServerFlags() takes the audit and in-flight flags of kube-apiserver', () => {
  const f = parseServerFlags(['--audit-policy-file', 'p.yaml', '--audit-log-path=-', '--audit-log-maxsize', '10', '--audit-log-maxbackup', '3', '--audit-log-maxage', '7', '--audit-log-batch-buffer-size', '50', '--max-requests-inflight', '2', '--max-mutating-requests-inflight=0']);
  assert.deepEqual(f.security, { auditPolicyFile: resolve('p.yaml'), auditLogPath: '-', auditLogMaxSizeMb: 10, auditLogMaxBackup: 3, auditLogMaxAgeDays: 7, auditLogBufferSize: 50, maxRequestsInflight: 2, maxMutatingRequestsInflight: 0 });
  assert.equal(parseServerFlags(['--audit-log-path', 'logs/audit.log']).security.auditLogPath, resolve('logs/audit.log'));
  assert.throws(() => parseServerFlags(['--max-requests-inflight', '-1']), /invalid argument "-1" for "--max-requests-inflight": must be a non-negative integer/);
  assert.throws(() => parseServerFlags(['--audit-log-maxsize', '1.5']), /invalid argument "1.5" for "--audit-log-maxsize"/);
  assert.throws(() => parseServerFlags(['--audit-log-batch-buffer-size', '0']), /invalid argument "0" for "--audit-log-batch-buffer-size": must be a positive integer/);
  assert.throws(() => parseServerFlags(['--audit-policy-file', '-']), /invalid argument "-" for "--audit-policy-file": must be a file path/);
});

test('parseServerFlags() takes the embedded node\'s container log rotation flags, and refuses bad ones at start', () => {
  assert.deepEqual(parseServerFlags(['--container-log-max-size', '20Mi', '--container-log-max-files=3'], 0).containerLogRotation, { maxBytes: 20 * 1024 * 1024, maxFiles: 3 });
  assert.equal(parseServerFlags(['--container-log-max-size=-1'], 0).containerLogRotation, undefined);
  assert.throws(() => parseServerFlags(['--container-log-max-files', '1'], 0), /invalid argument "1" for "--container-log-max-files"/);
});

test('parseServerFlags() takes kubelet\'s image GC thresholds, low under high, each 0 to 100', () => {
  assert.deepEqual(parseServerFlags(['--image-gc-high-threshold', '90', '--image-gc-low-threshold=70']).imageGc, { highThresholdPercent: 90, lowThresholdPercent: 70, minAgeMs: 120_000 });
  assert.deepEqual(parseServerFlags(['--image-gc-high-threshold', '100']).imageGc, { highThresholdPercent: 100, lowThresholdPercent: 80, minAgeMs: 120_000 });
  assert.throws(() => parseServerFlags(['--image-gc-high-threshold', '101']), /invalid argument "101" for "--image-gc-high-threshold": must be a whole number between 0 and 100, inclusive/);
  assert.throws(() => parseServerFlags(['--image-gc-low-threshold', '-1']), /invalid argument "-1" for "--image-gc-low-threshold"/);
  assert.throws(() => parseServerFlags(['--image-gc-low-threshold', '85.5']), /invalid argument "85.5" for "--image-gc-low-threshold"/);
  assert.throws(() => parseServerFlags(['--image-gc-low-threshold', '90']), /invalid configuration: imageGCLowThresholdPercent \(--image-gc-low-threshold\) 90 must be less than imageGCHighThresholdPercent \(--image-gc-high-threshold\) 85/);
  assert.throws(() => parseServerFlags(['--image-gc-high-threshold', '50', '--image-gc-low-threshold', '50']), /50 must be less than imageGCHighThresholdPercent \(--image-gc-high-threshold\) 50/);
});

test('parseServerFlags() takes kubelet\'s --minimum-image-ttl-duration, a Go duration (imageMinimumGCAge, default 2m)', () => {
  const ttl = (text: string): number => parseServerFlags(['--minimum-image-ttl-duration', text]).imageGc.minAgeMs;
  assert.equal(ttl('0s'), 0);
  assert.equal(ttl('0'), 0);
  assert.equal(ttl('300ms'), 300);
  assert.equal(ttl('2h45m'), (2 * 60 + 45) * 60_000);
  assert.equal(parseServerFlags(['--minimum-image-ttl-duration=1m30s']).imageGc.minAgeMs, 90_000);
  assert.throws(() => ttl('10'), /invalid argument "10" for "--minimum-image-ttl-duration": must be a duration such as 2m0s/);
  assert.throws(() => ttl('1d'), /invalid argument "1d" for "--minimum-image-ttl-duration"/);
  assert.throws(() => ttl('-1s'), /invalid argument "-1s" for "--minimum-image-ttl-duration"/);
  assert.throws(() => parseServerFlags(['--minimum-image-ttl-duration']), /flag needs an argument: --minimum-image-ttl-duration/);
});

test('parseServerFlags() takes --cluster-init, or --server with --token, as a managed etcd datastore', () => {
  assert.deepEqual(parseServerFlags(['--cluster-init'], 0).managedEtcd, { clientPort: 2379, peerPort: 2380 });
  assert.equal(parseServerFlags(['--cluster-init'], 0).datastore, 'etcd://managed');
  assert.deepEqual(parseServerFlags(['--server', 'https://10.0.0.1:6443/', '--token', 'K10x', '--etcd-client-port', '12379', '--etcd-peer-port=12380'], 0).managedEtcd, { join: 'https://10.0.0.1:6443', clientPort: 12379, peerPort: 12380 });
  assert.equal(parseServerFlags([], 0).managedEtcd, undefined);
  assert.throws(() => parseServerFlags(['--server', 'https://10.0.0.1:6443'], 0), /"--server" needs "--token"/);
  assert.throws(() => parseServerFlags(['--server', 'http://10.0.0.1:6443', '--token', 'K10x'], 0), /invalid argument "http:\/\/10.0.0.1:6443" for "--server"/);
  assert.throws(() => parseServerFlags(['--cluster-init', '--datastore', 'etcd://127.0.0.1:2379'], 0), /cannot be used with --datastore/);
  assert.throws(() => parseServerFlags(['--cluster-init', '--server', 'https://a:6443', '--token', 'K10x'], 0), /cannot be used together/);
  assert.throws(() => parseServerFlags(['--cluster-init', '--etcd-peer-port', '0'], 0), /invalid argument "0" for "--etcd-peer-port"/);
});
