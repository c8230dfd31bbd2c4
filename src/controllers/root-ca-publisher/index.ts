// The root CA publisher (upstream "root-ca-cert-publisher"): every active namespace has the ConfigMap
// kube-root-ca.crt holding the cluster CA (`ca.crt`), which the kube-api-access volumes project so pods can
// verify the API server. It is created with the namespace and put back when deleted or changed.
import type { ConfigMap, Namespace } from 'kubernetes-types/core/v1.js';
import { isAlreadyExists, isConflict, isForbidden, isNotFound, lookupResource, rootCaConfigMapName } from '../../api/index.js';
import { addsAndUpdates, controllerFor, type ControllerContext } from '../../client/index.js';

const namespacesR = lookupResource('', 'v1', 'namespaces')!;
const configMapsR = lookupResource('', 'v1', 'configmaps')!;

const description = 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

export function startRootCaPublisher(ctx: ControllerContext, options: { caPem: string }): AsyncDisposable {
  const b = controllerFor<Namespace>(ctx, namespacesR, { name: 'root-ca-cert-publisher', kind: 'Namespace', delayOf: addsAndUpdates });
  const namespaces = b.primary;
  // The ConfigMap changed or deleted: its namespace gets it back.
  const configMaps = b.watches<ConfigMap>(configMapsR, (c) => (c.type !== 'add' && c.obj.metadata?.name === rootCaConfigMapName ? [c.obj.metadata.namespace ?? ''] : []));
  const data = { 'ca.crt': options.caPem };
  return b.complete({
    async reconcile(ns: string) {
      const namespace = namespaces.get(ns);
      if (!namespace || namespace.metadata?.deletionTimestamp || namespace.status?.phase === 'Terminating') return undefined;
      const cm = configMaps.get(`${ns}/${rootCaConfigMapName}`);
      try {
        if (!cm) {
          await ctx.client.create(configMapsR, ns, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: rootCaConfigMapName, namespace: ns, annotations: { 'kubernetes.io/description': description } }, data });
        } else if (cm.data?.['ca.crt'] !== options.caPem || Object.keys(cm.data ?? {}).length !== 1 || cm.binaryData) {
          const { binaryData: _drop, ...rest } = cm;
          await ctx.client.update(configMapsR, { ...rest, data });
        }
      } catch (e: unknown) {
        // Created or changed meanwhile (the informer brings it back), or the namespace began terminating.
        if (!isAlreadyExists(e) && !isConflict(e) && !isForbidden(e) && !isNotFound(e)) throw e;
      }
      return undefined;
    },
  }, { workers: 2 });
}
