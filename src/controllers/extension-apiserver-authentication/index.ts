// Publishes kube-system/extension-apiserver-authentication (upstream's cluster authentication trust
// controller): the client CA and the front-proxy CA with the X-Remote-* header names, which extension API
// servers (metrics-server, prometheus-adapter) read to trust the aggregator's proxied requests. Kept equal
// to what this server uses; put back when deleted or changed.
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import { apiregistration, isAlreadyExists, isConflict, isNotFound, lookupResource, semanticEqual } from '../../api/index.js';
import { controllerFor, objectKeyOf, type ControllerContext } from '../../client/index.js';

const configMapsR = lookupResource('', 'v1', 'configmaps')!;
const { namespace, name } = apiregistration.extensionApiserverAuthenticationConfigMap;

/** The one key this controller syncs. */
const key = `${namespace}/${name}`;

export function startExtensionApiserverAuthenticationPublisher(ctx: ControllerContext, options: { clientCaPem: string; requestHeaderCaPem: string }): AsyncDisposable {
  // An update or deletion of the ConfigMap puts it back (a creation is this controller's own).
  const b = controllerFor<ConfigMap>(ctx, configMapsR, { name: 'cluster-authentication-trust', kind: 'ConfigMap', delayOf: (c) => (c.type !== 'add' && objectKeyOf(c.obj) === key ? 0 : undefined) });
  const configMaps = b.primary;
  const data = apiregistration.extensionApiserverAuthenticationData(options);
  const running = b.complete({
    async reconcile() {
      const cm = configMaps.get(key);
      try {
        if (!cm) await ctx.client.create(configMapsR, namespace, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data });
        else if (!semanticEqual(cm.data ?? {}, data)) await ctx.client.update(configMapsR, { ...cm, data });
      } catch (e: unknown) {
        // Created or changed meanwhile: the informer brings the new state back here.
        if (!isAlreadyExists(e) && !isConflict(e) && !isNotFound(e)) throw e;
      }
      return undefined;
    },
  }, { workers: 1 });
  // Created (or checked) once the cache has synced, whatever it holds.
  running.controller.enqueue(key);
  return running;
}
