// The LimitRanger admission plugin (upstream's): pods created in a namespace with LimitRanges get the Container
// defaults, then every range's min/max/ratio bounds are checked for pods and claims; a violation is a 403 with
// upstream's messages. The decisions live in api/limit-range.
import { applyPodDefaults, aggregateMessages, claimViolations, forbidden, podViolations, type KubeObject } from '../../api/index.js';
import type { Admission } from '../registry/generic-store.js';

export interface LimitRangeLookup {
  /** The namespace's LimitRanges (from the watch cache). */
  list(namespace: string): KubeObject[];
}

export function limitRanger(ranges: LimitRangeLookup): Admission {
  return {
    admit(op, desc, obj, old, attrs) {
      if (desc.group !== '' || (attrs?.subresource ?? '') !== '') return;
      const isPod = desc.plural === 'pods';
      // Containers cannot change after creation, so pod updates are not looked at (upstream SupportsAttributes).
      if (!(isPod && op === 'CREATE') && !(desc.plural === 'persistentvolumeclaims' && (op === 'CREATE' || op === 'UPDATE'))) return;
      if ((old?.metadata as { deletionTimestamp?: string } | undefined)?.deletionTimestamp) return;
      const meta = (obj.metadata ?? {}) as { name?: string; namespace?: string };
      const items = ranges.list(meta.namespace ?? '');
      if (items.length === 0) return;
      if (isPod) for (const lr of items) applyPodDefaults(lr, obj);
      for (const lr of items) {
        const message = aggregateMessages(isPod ? podViolations(lr, obj) : claimViolations(lr, obj));
        if (message) throw forbidden({ group: '', resource: desc.plural }, meta.name ?? '', message);
      }
    },
  };
}
