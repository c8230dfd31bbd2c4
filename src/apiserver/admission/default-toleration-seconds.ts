// DefaultTolerationSeconds (upstream admission plugin): every new pod tolerates the not-ready and
// unreachable NoExecute taints for 300 s unless it says otherwise, so a node outage evicts its pods
// after five minutes rather than at once.
import type { KubeObject } from '../../api/index.js';
import type { Admission } from '../registry/generic-store.js';

export const defaultTolerationSeconds = 300;
const taintKeys = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'] as const;

interface Toleration { key?: string; operator?: string; effect?: string; tolerationSeconds?: number; value?: string }

export const defaultTolerationSecondsAdmission: Admission = {
  admit(op, desc, obj: KubeObject) {
    if (op !== 'CREATE' || desc.group !== '' || desc.kind !== 'Pod') return;
    const spec = (obj['spec'] ??= {}) as { tolerations?: Toleration[] };
    const tolerations = spec.tolerations ?? [];
    // A toleration that already covers the taint (same key or an empty key with Exists, NoExecute or any effect) is kept as is.
    const covers = (key: string): boolean => tolerations.some((t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'));
    const added = taintKeys.filter((k) => !covers(k)).map((key): Toleration => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: defaultTolerationSeconds }));
    if (added.length) spec.tolerations = [...tolerations, ...added];
  },
};
