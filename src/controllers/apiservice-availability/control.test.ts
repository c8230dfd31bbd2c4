import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { apiregistration } from '../../api/index.js';
import { planAvailabilityCheck, probeAttempts, statusWithVerdict, verdictAfterProbe, type ProbeResult } from './control.js';

const remote: apiregistration.APIService = {
  metadata: { name: 'v1alpha1.wardle.example.com', resourceVersion: '7' },
  spec: { group: 'wardle.example.com', version: 'v1alpha1', groupPriorityMinimum: 1000, versionPriority: 15, insecureSkipTLSVerify: true, service: { namespace: 'wardle', name: 'api', port: 443 } },
};
const service: Service = { metadata: { namespace: 'wardle', name: 'api' }, spec: { type: 'ClusterIP', ports: [{ port: 443, targetPort: 8443 }] } };
const slice = (ready: boolean): EndpointSlice => ({
  metadata: { namespace: 'wardle', name: 'api-1', labels: { 'kubernetes.io/service-name': 'api' } }, addressType: 'IPv4',
  endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready } }], ports: [{ name: '', port: 40123 }],
});
const url = 'https://127.0.0.1:40123/apis/wardle.example.com/v1alpha1';

const planCases: { name: string; service?: Service; slices: EndpointSlice[]; want: unknown }[] = [
  { name: 'fails with ServiceNotFound without the Service', slices: [], want: { kind: 'verdict', verdict: { status: 'False', reason: 'ServiceNotFound', message: 'service/api in "wardle" is not present' } } },
  { name: 'fails with ServicePortError when the Service lacks the port', service: { ...service, spec: { ports: [{ port: 80 }] } }, slices: [], want: { kind: 'verdict', verdict: { status: 'False', reason: 'ServicePortError', message: 'service/api in "wardle" is not listening on port 443' } } },
  { name: 'fails with EndpointsNotFound without EndpointSlices', service, slices: [], want: { kind: 'verdict', verdict: { status: 'False', reason: 'EndpointsNotFound', message: 'cannot find endpointslices for service/api in "wardle"' } } },
  { name: 'fails with MissingEndpoints when no endpoint is ready', service, slices: [slice(false)], want: { kind: 'verdict', verdict: { status: 'False', reason: 'MissingEndpoints', message: 'endpointslices for service/api in "wardle" have no addresses with port name ""' } } },
  {
    name: 'probes the discovery URL at a ready endpoint, once per attempt', service, slices: [slice(true)],
    want: { kind: 'probe', targets: Array.from({ length: probeAttempts }, () => ({ host: '127.0.0.1', port: 40123, path: '/apis/wardle.example.com/v1alpha1', url })) },
  },
];
for (const c of planCases) test(`planAvailabilityCheck() ${c.name}`, () => assert.deepEqual(planAvailabilityCheck(remote, c.service, c.slices, () => 0), c.want));

test('planAvailabilityCheck() leaves local APIServices alone', () => {
  assert.equal(planAvailabilityCheck({ metadata: { name: 'v1.apps' }, spec: { group: 'apps', version: 'v1', groupPriorityMinimum: 17800, versionPriority: 15 } }, undefined, [], () => 0), undefined);
});

const targets = Array.from({ length: 3 }, () => ({ host: '127.0.0.1', port: 40123, path: '/apis/wardle.example.com/v1alpha1', url }));
const verdictCases: { name: string; results: ProbeResult[]; want: unknown }[] = [
  { name: 'passes when any attempt answers 2xx', results: [{ error: 'connect ECONNREFUSED 127.0.0.1:40123' }, { status: 200 }, { status: 503 }], want: { status: 'True', reason: 'Passed', message: 'all checks passed' } },
  { name: 'reports a bad status as upstream words it', results: [{ status: 503 }], want: { status: 'False', reason: 'FailedDiscoveryCheck', message: `failing or missing response from ${url}: bad status from ${url}: 503` } },
  { name: 'reports the last network error', results: [{ status: 500 }, { error: 'connect ECONNREFUSED 127.0.0.1:40123' }], want: { status: 'False', reason: 'FailedDiscoveryCheck', message: `failing or missing response from ${url}: connect ECONNREFUSED 127.0.0.1:40123` } },
  { name: 'treats a redirect as a failure', results: [{ status: 302 }], want: { status: 'False', reason: 'FailedDiscoveryCheck', message: `failing or missing response from ${url}: bad status from ${url}: 302` } },
];
for (const c of verdictCases) test(`verdictAfterProbe() ${c.name}`, () => assert.deepEqual(verdictAfterProbe(targets, c.results), c.want));

test('statusWithVerdict() writes only changes and moves lastTransitionTime only with the status', () => {
  const failing = { ...remote, status: { conditions: [{ type: 'Available', status: 'False', reason: 'MissingEndpoints', message: 'm', lastTransitionTime: 't1' }] } };
  assert.equal(statusWithVerdict(failing, { status: 'False', reason: 'MissingEndpoints', message: 'm' }, 't2'), undefined);
  assert.deepEqual(statusWithVerdict(failing, { status: 'False', reason: 'FailedDiscoveryCheck', message: 'x' }, 't2'), { conditions: [{ type: 'Available', status: 'False', reason: 'FailedDiscoveryCheck', message: 'x', lastTransitionTime: 't1' }] });
  assert.deepEqual(statusWithVerdict(failing, { status: 'True', reason: 'Passed', message: 'all checks passed' }, 't2'), { conditions: [{ type: 'Available', status: 'True', reason: 'Passed', message: 'all checks passed', lastTransitionTime: 't2' }] });
  assert.deepEqual(statusWithVerdict(remote, { status: 'True', reason: 'Passed', message: 'all checks passed' }, 't3'), { conditions: [{ type: 'Available', status: 'True', reason: 'Passed', message: 'all checks passed', lastTransitionTime: 't3' }] });
});
