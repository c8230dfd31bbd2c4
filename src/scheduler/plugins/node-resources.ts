// NodeResourcesFit (filter) with LeastAllocated and BalancedAllocation scoring over cpu and memory.
import type { NodeInfo } from '../cluster-cache.js';
import type { FilterStatus, Plugin } from '../framework.js';

export const nodeResourcesFit: Plugin = {
  name: 'NodeResourcesFit',
  filter(_pod, node, state): FilterStatus | undefined {
    const r = state.requests;
    const { allocatable: a, requested: u } = node;
    if (u.pods + 1 > a.pods) return { reason: 'Too many pods' };
    if (r.milliCpu > 0 && u.milliCpu + r.milliCpu > a.milliCpu) return { reason: 'Insufficient cpu' };
    if (r.memory > 0 && u.memory + r.memory > a.memory) return { reason: 'Insufficient memory' };
    if (r.ephemeralStorage > 0 && u.ephemeralStorage + r.ephemeralStorage > a.ephemeralStorage) return { reason: 'Insufficient ephemeral-storage' };
    return undefined;
  },
};

/** Upstream scores pods without requests as if they asked for 100m cpu and 200Mi memory. */
const defaultMilliCpu = 100;
const defaultMemory = 200 * 1024 * 1024;

function fractions(node: NodeInfo, state: { requests: { milliCpu: number; memory: number } }): [number, number] {
  const cpu = (node.requested.milliCpu + (state.requests.milliCpu || defaultMilliCpu)) / Math.max(1, node.allocatable.milliCpu);
  const mem = (node.requested.memory + (state.requests.memory || defaultMemory)) / Math.max(1, node.allocatable.memory);
  return [Math.min(1, cpu), Math.min(1, mem)];
}

export const leastAllocated: Plugin = {
  name: 'NodeResourcesLeastAllocated',
  score(_pod, node, state) {
    const [cpu, mem] = fractions(node, state);
    return ((1 - cpu) * 100 + (1 - mem) * 100) / 2;
  },
};

export const balancedAllocation: Plugin = {
  name: 'NodeResourcesBalancedAllocation',
  score(_pod, node, state) {
    const [cpu, mem] = fractions(node, state);
    return (1 - Math.abs(cpu - mem)) * 100;
  },
};
