// Garbage collector wiring: monitors (informers) feed the ownership graph and the queue. One per stored built-in
// kind, plus one per established CustomResourceDefinition, started and stopped as CRDs come and go (upstream
// resyncs its monitors from discovery); the CRD decisions are custom-resources.ts's.
// Not on the controller builder (client/controller/builder.ts), by design: the keys are uids of objects of every
// kind, not objects of one primary kind; events feed the ownership graph first, and the custom resource monitors
// are the GC's own informers, started and stopped at run time rather than declared up front.
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import { apiextensions, lookupResource, resources, type KubeObject, type ResourceDescriptor } from '../../api/index.js';
import { Controller, Informer, startWhenSynced, type ControllerContext } from '../../client/index.js';
import { monitoredResource, monitorKey, namesKindOf, planMonitors, resolveOwnerKind } from './custom-resources.js';
import { nodeOf, OwnershipGraph } from './graph.js';
import { GarbageCollectorReconciler } from './reconciler.js';

const crdsR = lookupResource('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;

export function startGarbageCollector(ctx: ControllerContext): AsyncDisposable {
  const graph = new OwnershipGraph();
  /** The served versions of each established CRD (by CRD name). */
  const served = new Map<string, readonly ResourceDescriptor[]>();
  /** The custom resource monitors, by monitorKey; the GC's own (shared informers cannot be stopped one by one). */
  const monitors = new Map<string, Informer<KubeObject>>();
  const stopping = new Set<Promise<void>>();
  const controller = new Controller({
    name: 'garbage-collector', workers: 4, clock: ctx.clock, logger: ctx.logger,
    reconciler: new GarbageCollectorReconciler({
      client: ctx.client, graph, logger: ctx.logger,
      resolveOwner: (apiVersion, kind) => resolveOwnerKind(apiVersion, kind, [...served.values()].flat()),
      hasSynced: () => [...monitors.values()].every((i) => i.hasSynced),
    }),
  });

  /** Feeds r's objects into the graph while isCurrent() (a stopped monitor's late events are dropped). */
  const monitor = (r: ResourceDescriptor, inf: Informer<KubeObject>, isCurrent: () => boolean = () => true): void => {
    const upsert = (o: KubeObject): void => {
      const n = nodeOf(r, o);
      if (!n || !isCurrent()) return;
      graph.upsert(n);
      if (n.owners.length || n.deleting) controller.enqueue(n.uid);
      for (const d of graph.dependentsOf(n.uid)) if (n.deleting) controller.enqueue(d.uid);
    };
    inf.addHandlers({
      onAdd: upsert,
      onUpdate: upsert,
      onDelete: (o) => {
        const n = nodeOf(r, o);
        if (!n || !isCurrent()) return;
        forget(n.uid);
        // An owner deleting in the foreground waits for this dependent: look at it now rather than at its next retry.
        for (const owner of n.owners) if (graph.get(owner.uid)?.deleting) controller.enqueue(owner.uid);
      },
    });
  };
  const forget = (uid: string): void => {
    graph.remove(uid);
    for (const d of graph.dependentsOf(uid)) controller.enqueue(d.uid);
  };

  const builtIn = resources.filter((r) => r.persisted && !r.conversion && r.storage.group === r.group && r.storage.version === r.version && r.kind !== 'Event');
  const informers = builtIn.map((r) => {
    const inf = ctx.informers.informerFor<KubeObject>(r);
    monitor(r, inf);
    return inf;
  });

  const syncMonitors = (): void => {
    const changes = planMonitors(monitors.keys(), [...served.values()].map(monitoredResource).filter((r) => r !== undefined));
    for (const key of changes.stop) {
      const inf = monitors.get(key);
      if (!inf) continue;
      monitors.delete(key);
      // The resource is no longer served: forget its objects (upstream drops a vanished resource's nodes); their
      // dependents are looked at again, and an owner of a kind nothing serves counts as alive.
      for (const o of inf.list()) {
        const uid = (o.metadata as { uid?: string } | undefined)?.uid;
        if (uid) forget(uid);
      }
      const done = inf[Symbol.asyncDispose]().finally(() => stopping.delete(done));
      stopping.add(done);
    }
    for (const r of changes.start) {
      const inf = new Informer<KubeObject>({ client: ctx.client, resource: r, clock: ctx.clock, logger: ctx.logger });
      const key = monitorKey(r);
      monitors.set(key, inf);
      monitor(r, inf, () => monitors.get(key) === inf);
      inf.start();
    }
    // Dependents whose owner kind was not served until now: their owners can be resolved at last.
    if (changes.start.length) {
      for (const n of graph.nodes()) if (n.owners.some((o) => namesKindOf(o, changes.start))) controller.enqueue(n.uid);
    }
  };
  const onCrd = (crd: CustomResourceDefinition): void => {
    const name = crd.metadata?.name ?? '';
    const descriptors = apiextensions.customResourceDescriptors(crd);
    if (descriptors.length) served.set(name, descriptors);
    else served.delete(name);
    syncMonitors();
  };
  const crds = ctx.informers.informerFor<CustomResourceDefinition>(crdsR);
  crds.addHandlers({
    onAdd: onCrd,
    onUpdate: onCrd,
    onDelete: (crd) => {
      served.delete(crd.metadata?.name ?? '');
      syncMonitors();
    },
  });

  const running = startWhenSynced([...informers, crds], [controller]);
  return {
    async [Symbol.asyncDispose]() {
      await running[Symbol.asyncDispose]();
      const all = [...monitors.values()];
      monitors.clear();
      await Promise.all([...all.map((i) => i[Symbol.asyncDispose]()), ...stopping]);
    },
  };
}
