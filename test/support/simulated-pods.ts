// Steering pods on simulated nodes from tests.
import type { SkiffProcess } from './skiff-process.js';

/** Makes a running pod on a simulated node unready, and keeps it so (its kubelet leaves it alone). */
export async function markUnready(s: SkiffProcess, pod: string): Promise<void> {
  await s.k('annotate', 'pod', pod, 'skiff.io/simulate-ready=false');
  const doc = JSON.parse(await s.k('get', 'pod', pod, '-o', 'json')) as { status: { conditions: { type: string; status: string }[] } };
  doc.status.conditions = doc.status.conditions.map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'False' } : c));
  const r = await s.kubectl(['replace', '--subresource=status', '-f', '-'], { input: JSON.stringify(doc) });
  if (r.code !== 0) throw new Error(`kubectl replace --subresource=status failed (${r.code}): ${r.stderr}`);
}
