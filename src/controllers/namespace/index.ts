// Namespace controller wiring: watches namespaces, reconciles the Terminating ones.
import { lookupResource, type KubeObject } from '../../api/index.js';
import { addsAndUpdates, controllerFor, type ControllerContext } from '../../client/index.js';
import { NamespaceReconciler } from './reconciler.js';


export function startNamespaceController(ctx: ControllerContext): AsyncDisposable {
  // A deleted namespace has nothing left to empty.
  const b = controllerFor<KubeObject>(ctx, lookupResource('', 'v1', 'namespaces')!, { name: 'namespace', kind: 'Namespace', delayOf: addsAndUpdates });
  return b.complete(new NamespaceReconciler({ client: ctx.client, namespaces: b.primary, logger: ctx.logger }), { workers: 2 });
}
