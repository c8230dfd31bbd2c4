// Runs admission plugins in order; the first rejection wins.
import type { Admission } from '../registry/generic-store.js';

export function chainAdmission(plugins: readonly Admission[]): Admission {
  return { admit: (op, desc, obj, old) => { for (const p of plugins) p.admit(op, desc, obj, old); } };
}
