// Namespace controller wiring: watches namespaces, reconciles the Terminating ones.
import { lookupResource } from '../../api/index.js';
import { Controller, objectKeyOf, startWhenSynced, type ControllerContext } from '../../client/index.js';
import { NamespaceReconciler } from './reconciler.js';


export function startNamespaceController(ctx: ControllerContext): AsyncDisposable {
  const namespaces = ctx.informers.informerFor(lookupResource('', 'v1', 'namespaces')!);
  const controller = new Controller({ name: 'namespace', reconciler: new NamespaceReconciler({ client: ctx.client, namespaces, logger: ctx.logger }), workers: 2, clock: ctx.clock, logger: ctx.logger });
  namespaces.addHandlers({
    onAdd: (o) => controller.enqueue(objectKeyOf(o)),
    onUpdate: (o) => controller.enqueue(objectKeyOf(o)),
  });
  return startWhenSynced([namespaces], [controller]);
}
