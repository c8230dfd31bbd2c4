// The kubelet's volume stats gauges on its GET /metrics (what Prometheus scrapes for claims' usage): upstream's
// kubelet_volume_stats_* families with their HELP text, one sample per persistent volume claim a pod on the node
// mounts, labelled namespace and persistentvolumeclaim. Pure; from the same Summary /stats/summary answers.
import { renderFamilies, type Family, type Sample } from './resource-metrics.js';
import type { Summary, VolumeStats } from './summary.js';

type Field = 'availableBytes' | 'capacityBytes' | 'usedBytes' | 'inodes' | 'inodesFree' | 'inodesUsed';

const families: [name: string, help: string, field: Field][] = [
  ['kubelet_volume_stats_available_bytes', 'Number of available bytes in the volume', 'availableBytes'],
  ['kubelet_volume_stats_capacity_bytes', 'Capacity in bytes of the volume', 'capacityBytes'],
  ['kubelet_volume_stats_inodes', 'Maximum number of inodes in the volume', 'inodes'],
  ['kubelet_volume_stats_inodes_free', 'Number of free inodes in the volume', 'inodesFree'],
  ['kubelet_volume_stats_inodes_used', 'Number of used inodes in the volume', 'inodesUsed'],
  ['kubelet_volume_stats_used_bytes', 'Number of used bytes in the volume', 'usedBytes'],
];

/** The kubelet_volume_stats_* text of a summary; a claim mounted by two pods is counted once. */
export function renderVolumeMetrics(summary: Summary): string {
  const claims = new Map<string, { namespace: string; name: string; stats: VolumeStats }>();
  for (const p of summary.pods) {
    for (const v of p.volume ?? []) if (v.pvcRef) claims.set(`${v.pvcRef.namespace}/${v.pvcRef.name}`, { ...v.pvcRef, stats: v });
  }
  const out: Family[] = families.map(([name, help, field]) => ({
    name, help: `[ALPHA] ${help}`, type: 'gauge',
    samples: [...claims.values()].flatMap((c): Sample[] => {
      const value = c.stats[field];
      return value === undefined ? [] : [{ labels: [['namespace', c.namespace], ['persistentvolumeclaim', c.name]], value }];
    }),
  }));
  return renderFamilies(out);
}
