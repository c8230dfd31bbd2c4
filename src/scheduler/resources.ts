// Resource arithmetic of the scheduler (upstream NodeResourcesFit): what a pod requests and what a node
// can allocate, in millicores and bytes.
import type { Node, Pod, ResourceRequirements } from 'kubernetes-types/core/v1.js';
import { parseQuantity } from '../api/index.js';

export interface Resources {
  milliCpu: number;
  memory: number;
  ephemeralStorage: number;
  pods: number;
}

export const zeroResources = (): Resources => ({ milliCpu: 0, memory: 0, ephemeralStorage: 0, pods: 0 });

function read(list: Record<string, string> | undefined, name: string, milli: boolean): number {
  const v = list?.[name];
  if (v === undefined) return 0;
  try {
    const q = parseQuantity(v);
    return Number(milli ? q.milliValue() : q.integerValue());
  } catch {
    return 0;
  }
}

function requestsOf(r: ResourceRequirements | undefined): Resources {
  return { milliCpu: read(r?.requests, 'cpu', true), memory: read(r?.requests, 'memory', false), ephemeralStorage: read(r?.requests, 'ephemeral-storage', false), pods: 0 };
}

/** Sum over containers, at least the largest init container, plus overhead; one pod slot. */
export function podRequests(pod: Pod): Resources {
  const sum = zeroResources();
  for (const c of pod.spec?.containers ?? []) {
    const r = requestsOf(c.resources);
    sum.milliCpu += r.milliCpu;
    sum.memory += r.memory;
    sum.ephemeralStorage += r.ephemeralStorage;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    const r = requestsOf(c.resources);
    sum.milliCpu = Math.max(sum.milliCpu, r.milliCpu);
    sum.memory = Math.max(sum.memory, r.memory);
    sum.ephemeralStorage = Math.max(sum.ephemeralStorage, r.ephemeralStorage);
  }
  const o = pod.spec?.overhead;
  sum.milliCpu += read(o, 'cpu', true);
  sum.memory += read(o, 'memory', false);
  sum.pods = 1;
  return sum;
}

export function nodeAllocatable(node: Node): Resources {
  const a = node.status?.allocatable ?? node.status?.capacity;
  return { milliCpu: read(a, 'cpu', true), memory: read(a, 'memory', false), ephemeralStorage: read(a, 'ephemeral-storage', false), pods: read(a, 'pods', false) };
}

export function addResources(a: Resources, b: Resources, sign: 1 | -1 = 1): void {
  a.milliCpu += sign * b.milliCpu;
  a.memory += sign * b.memory;
  a.ephemeralStorage += sign * b.ephemeralStorage;
  a.pods += sign * b.pods;
}
