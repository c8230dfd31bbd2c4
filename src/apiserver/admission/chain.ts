// Runs admission plugins in order: every plugin's mutating phase threads the object through in turn; in the
// validating phase the first rejection wins.
import type { Admission } from '../registry/generic-store.js';

export function chainAdmission(plugins: readonly Admission[]): Admission {
  const mutators = plugins.filter((p) => p.mutate !== undefined);
  return {
    ...(mutators.length ? {
      async mutate(op, desc, obj, old, attrs) {
        let current = obj;
        for (const p of mutators) current = (await p.mutate?.(op, desc, current, old, attrs)) ?? current;
        return current;
      },
    } : {}),
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

