// What a simulated node looks like in the API (kwok's idea, built in): a Node with capacity, upstream
// labels, addresses, healthy conditions and nodeInfo; pure builders, no I/O.
import type { Node } from 'kubernetes-types/core/v1.js';
import { goArch, healthyConditions, kubeletVersion } from '../node-status.js';

/** The label every simulated Node carries; the server treats volumes on such nodes as API objects only. */
export const simulatedNodeLabel = 'node.skiff.io/simulated';

export interface SimulatedNodeShape {
  cpu: string;
  memory: string;
  pods: string;
  ephemeralStorage: string;
}

export const defaultShape: SimulatedNodeShape = { cpu: '32', memory: '256Gi', pods: '110', ephemeralStorage: '100Gi' };

export function simulatedNodeName(i: number): string {
  return `node-${i}`;
}

/** node-<i> (1-based) gets a /24 counted from k3s's cluster CIDR 10.42.0.0/16 upwards: node-1 → 10.42.1.0/24. */
export function podCidrOf(i: number): string {
  return `10.${42 + Math.floor(i / 256)}.${i % 256}.0/24`;
}

export function nodeAddressOf(i: number): string {
  return `10.41.${Math.floor(i / 256)}.${i % 256}`;
}

export function simulatedNode(i: number, options: { now: string; shape?: SimulatedNodeShape }): Node & { metadata: { name: string } } {
  const name = simulatedNodeName(i);
  const shape = options.shape ?? defaultShape;
  const resources = { cpu: shape.cpu, memory: shape.memory, pods: shape.pods, 'ephemeral-storage': shape.ephemeralStorage };
  const arch = goArch();
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': arch,
        'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': arch, [simulatedNodeLabel]: 'true',
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: { podCIDR: podCidrOf(i), podCIDRs: [podCidrOf(i)] },
    status: {
      capacity: { ...resources },
      allocatable: { ...resources },
      addresses: [{ type: 'InternalIP', address: nodeAddressOf(i) }, { type: 'Hostname', address: name }],
      conditions: healthyConditions(options.now),
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: '', systemUUID: '', bootID: '', kernelVersion: '', osImage: 'Skiff simulated node', containerRuntimeVersion: 'simulated://0.1.0',
        kubeletVersion, kubeProxyVersion: kubeletVersion, operatingSystem: 'linux', architecture: arch,
      },
    },
  };
}
