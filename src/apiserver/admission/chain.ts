// Runs admission plugins in order; the first rejection wins.
import type { Admission } from '../registry/generic-store.js';

export function chainAdmission(plugins: readonly Admission[]): Admission {
  return {
    admit(op, desc, obj, old, attrs) {
      // Synchronous plugins stay synchronous; from the first that answers a promise on, the rest wait in turn.
      for (let i = 0; i < plugins.length; i++) {
        const pending = plugins[i]!.admit(op, desc, obj, old, attrs);
        if (pending) return pending.then(async () => { for (const p of plugins.slice(i + 1)) await p.admit(op, desc, obj, old, attrs); });
      }
      return undefined;
    },
  };
}
