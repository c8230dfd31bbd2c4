// The MutatingAdmissionWebhook and ValidatingAdmissionWebhook plugins as one Admission: the mutating phase calls
// the mutating webhooks before the object is validated, the validating phase the validating webhooks on the
// final object. Configurations are matched in memory from the watch caches; admission configuration itself is
// never sent to webhooks.
import type { MutatingWebhook, ValidatingWebhook } from 'kubernetes-types/admissionregistration/v1.js';
import { randomUUID } from 'node:crypto';
import { admissionregistration, type KubeObject, type ResourceDescriptor } from '../../../api/index.js';
import type { CachedObjects } from '../../auth/rbac-authorizer.js';
import type { Admission, AdmissionAttributes, AdmissionOperation } from '../../registry/generic-store.js';
import { clone } from '../../registry/object-codec.js';
import type { WebhookTransport } from './call.js';
import { dispatchMutating, dispatchValidating, type DispatchOptions } from './dispatch.js';
import { gvrOf, type InvocationLookups, type WebhookRequest } from './invocation.js';
import { WebhookSource } from './source.js';

export interface WebhookAdmissionOptions extends InvocationLookups {
  readonly mutatingConfigurations: CachedObjects;
  readonly validatingConfigurations: CachedObjects;
  /** Every served version of the resource `desc` is a version of (desc included). */
  equivalents(desc: ResourceDescriptor): readonly ResourceDescriptor[];
  readonly transport: WebhookTransport;
  readonly newUid?: () => string;
}

function metaOf(o: KubeObject | undefined): { name?: string; namespace?: string } {
  return (o?.metadata ?? {}) as { name?: string; namespace?: string };
}

function requestOf(op: AdmissionOperation, desc: ResourceDescriptor, obj: KubeObject | undefined, attrs: AdmissionAttributes, o: WebhookAdmissionOptions): WebhookRequest {
  const m = metaOf(obj);
  const isNamespace = desc.group === '' && desc.plural === 'namespaces';
  return {
    operation: op, desc, subresource: attrs.subresource, name: m.name ?? '', namespace: isNamespace ? m.name ?? '' : desc.namespaced ? m.namespace ?? '' : '',
    ctx: attrs.ctx, options: attrs.options, equivalents: o.equivalents(desc),
    convert: attrs.convert ?? ((x) => Promise.resolve(clone(x) as KubeObject)),
  };
}

export function webhookAdmission(o: WebhookAdmissionOptions): Admission {
  const mutating = new WebhookSource<MutatingWebhook>(o.mutatingConfigurations);
  const validating = new WebhookSource<ValidatingWebhook>(o.validatingConfigurations);
  const dispatch: DispatchOptions = { lookups: o, transport: o.transport, newUid: o.newUid ?? randomUUID };
  return {
    mutate(op, desc, obj, old, attrs) {
      const hooks = mutating.webhooks();
      if (hooks.length === 0 || admissionregistration.isExemptConfigurationResource(gvrOf(desc))) return undefined;
      // Upstream decodes a new object with its defaults before admission: webhooks see it defaulted.
      let object = obj;
      if (op === 'CREATE' && obj && desc.rules.defaults) {
        object = clone(obj) as KubeObject;
        desc.rules.defaults(object);
      }
      return dispatchMutating(hooks, requestOf(op, desc, obj ?? old, attrs, o), { object, oldObject: old }, dispatch);
    },
    admit(op, storageDesc, obj, old, attrs) {
      const hooks = validating.webhooks();
      if (hooks.length === 0 || !attrs) return undefined;
      const desc = attrs.resource ?? storageDesc;
      if (admissionregistration.isExemptConfigurationResource(gvrOf(desc))) return undefined;
      const convert = attrs.convert;
      const served = async (x: KubeObject | undefined): Promise<KubeObject | undefined> => (x && convert && desc !== storageDesc ? convert(x, storageDesc, desc) : x);
      return (async () => {
        const object = op === 'DELETE' ? undefined : await served(obj);
        const oldObject = await served(old);
        await dispatchValidating(hooks, requestOf(op, desc, object ?? oldObject, attrs, o), { object, oldObject }, dispatch);
      })();
    },
  };
}
