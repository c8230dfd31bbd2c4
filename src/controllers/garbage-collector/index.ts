// Garbage collector wiring: one informer per stored kind feeds the ownership graph and the queue.
import { resources } from '../../api/index.js';
import { Controller, startWhenSynced, type Informer, type ControllerContext } from '../../client/index.js';
import { nodeOf, OwnershipGraph } from './graph.js';
import { GarbageCollectorReconciler } from './reconciler.js';


export function startGarbageCollector(ctx: ControllerContext): AsyncDisposable {
  const graph = new OwnershipGraph();
  const controller = new Controller({ name: 'garbage-collector', reconciler: new GarbageCollectorReconciler({ client: ctx.client, graph, logger: ctx.logger }), workers: 4, clock: ctx.clock, logger: ctx.logger });
  const informers: Informer[] = [];
  const kinds = resources.filter((r) => r.persisted && !r.conversion && r.storage.group === r.group && r.storage.version === r.version && r.kind !== 'Event');
  for (const r of kinds) {
    const inf = ctx.informers.informerFor(r);
    const upsert = (o: Parameters<typeof nodeOf>[1]): void => {
      const n = nodeOf(r, o);
      if (!n) return;
      graph.upsert(n);
      if (n.owners.length || n.deleting) controller.enqueue(n.uid);
      for (const d of graph.dependentsOf(n.uid)) if (n.deleting) controller.enqueue(d.uid);
    };
    inf.addHandlers({
      onAdd: upsert,
      onUpdate: upsert,
      onDelete: (o) => {
        const n = nodeOf(r, o);
        if (!n) return;
        graph.remove(n.uid);
        for (const d of graph.dependentsOf(n.uid)) controller.enqueue(d.uid);
      },
    });
    informers.push(inf);
  }
  return startWhenSynced(informers, [controller]);
}
