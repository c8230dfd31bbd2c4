// Object hashing for controller-made names (ControllerRevisions, ReplicaSets): FNV-32a of canonical JSON,
// safe-encoded like upstream's rand.SafeEncodeString (no vowels, no confusable characters). Pure.
const safeAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Canonical JSON: object keys sorted, undefined dropped. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

/** The safe-encoded hash of a text (already canonical) and a collision count (appended when non-zero). */
export function hashText(text: string, collisionCount = 0): string {
  const h = fnv32a(text + (collisionCount ? String(collisionCount) : ''));
  return [...String(h)].map((c) => safeAlphabet[c.charCodeAt(0) % safeAlphabet.length]).join('');
}

/** The safe-encoded hash of an object's canonical JSON. */
export const revisionHash = (data: unknown, collisionCount = 0): string => hashText(canonicalJson(data), collisionCount);
