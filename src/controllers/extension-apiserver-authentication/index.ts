// Publishes kube-system/extension-apiserver-authentication (upstream's cluster authentication trust
// controller): the client CA and the front-proxy CA with the X-Remote-* header names, which extension API
// servers (metrics-server, prometheus-adapter) read to trust the aggregator's proxied requests. Kept equal
// to what this server uses; put back when deleted or changed.
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import { apiregistration, isAlreadyExists, isConflict, isNotFound, lookupResource, semanticEqual } from '../../api/index.js';
import { Controller, startWhenSynced, type ControllerContext } from '../../client/index.js';

const configMapsR = lookupResource('', 'v1', 'configmaps')!;
const { namespace, name } = apiregistration.extensionApiserverAuthenticationConfigMap;

export function startExtensionApiserverAuthenticationPublisher(ctx: ControllerContext, options: { clientCaPem: string; requestHeaderCaPem: string }): AsyncDisposable {
  const configMaps = ctx.informers.informerFor<ConfigMap>(configMapsR);
  const data = apiregistration.extensionApiserverAuthenticationData(options);
  const controller = new Controller({
    name: 'cluster-authentication-trust', workers: 1, clock: ctx.clock, logger: ctx.logger,
    reconciler: {
      async reconcile() {
        const cm = configMaps.get(`${namespace}/${name}`);
        try {
          if (!cm) await ctx.client.create(configMapsR, namespace, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data });
          else if (!semanticEqual(cm.data ?? {}, data)) await ctx.client.update(configMapsR, { ...cm, data });
        } catch (e: unknown) {
          // Created or changed meanwhile: the informer brings the new state back here.
          if (!isAlreadyExists(e) && !isConflict(e) && !isNotFound(e)) throw e;
        }
        return undefined;
      },
    },
  });
  const kick = (c: ConfigMap): void => { if (c.metadata?.namespace === namespace && c.metadata.name === name) controller.enqueue(name); };
  configMaps.addHandlers({ onUpdate: kick, onDelete: kick });
  controller.enqueue(name);
  return startWhenSynced([configMaps], [controller]);
}
