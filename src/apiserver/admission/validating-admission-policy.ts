// The ValidatingAdmissionPolicy admission plugin (upstream plugin/policy/validating): in the validating phase,
// after the object validated, it runs the policies and bindings from the API server's watch caches (never a
// storage read) through api/admissionregistration's dispatcher: a denial refuses the request with the
// policy's reason and code, warnings go to the Warning header, audit annotations to the request's audit events.
import { randomUUID } from 'node:crypto';
import {
  admissionregistration, ApiError, qualifiedResource, type KubeObject, type ResourceDescriptor,
} from '../../api/index.js';
import type { ParamKind } from 'kubernetes-types/admissionregistration/v1.js';
import type { CachedObjects } from '../auth/rbac-authorizer.js';
import type { Admission, AdmissionAttributes, AdmissionOperation } from '../registry/generic-store.js';

type ParamStore = admissionregistration.ParamStore;

export interface PolicyAdmissionSources {
  readonly policies: CachedObjects;
  readonly bindings: CachedObjects;
  /** A Namespace from the watch cache. */
  namespace(name: string): KubeObject | undefined;
  /** The cached objects of a paramKind, or undefined when no served resource has that kind. */
  params(kind: ParamKind): ParamStore | undefined;
  /** The resources that store the same objects as desc (itself included), for matchPolicy Equivalent. */
  equivalents(desc: ResourceDescriptor): readonly ResourceDescriptor[];
}

const metaOf = (o: KubeObject | undefined): { name?: string; namespace?: string; labels?: Record<string, string> } => (o?.metadata ?? {}) as never;

/** obj in the version the client addressed (a conversion webhook may answer asynchronously). */
function inVersion(obj: KubeObject | undefined, storage: ResourceDescriptor, attrs: AdmissionAttributes | undefined): KubeObject | undefined | Promise<KubeObject> {
  if (obj === undefined) return undefined;
  const served = attrs?.resource;
  if (served === undefined || served === storage || attrs?.convert === undefined) return obj;
  return attrs.convert(obj, storage, served);
}

export function validatingAdmissionPolicy(sources: PolicyAdmissionSources): Admission {
  return {
    admit(op, storage, stored, storedOld, attrs) {
      const policies = sources.policies.list();
      if (policies.length === 0) return;
      const desc = attrs?.resource ?? storage;
      const resource = { group: desc.group, version: desc.version, resource: desc.plural };
      if (admissionregistration.isExemptConfigurationResource(resource)) return;
      const objectIn = op === 'DELETE' ? undefined : inVersion(stored, storage, attrs);
      const oldObjectIn = op === 'CREATE' ? undefined : inVersion(storedOld, storage, attrs);
      if (objectIn instanceof Promise || oldObjectIn instanceof Promise) {
        return Promise.all([objectIn, oldObjectIn]).then(([object, oldObject]) => decide(op, desc, object, oldObject, attrs, sources, policies));
      }
      return decide(op, desc, objectIn, oldObjectIn, attrs, sources, policies);
    },
  };
}

/** The policies' decision on one request (objects in the addressed version): warnings, audit annotations, denial. */
function decide(op: AdmissionOperation, desc: ResourceDescriptor, object: KubeObject | undefined, oldObject: KubeObject | undefined, attrs: AdmissionAttributes | undefined, sources: PolicyAdmissionSources, policies: ReturnType<PolicyAdmissionSources['policies']['list']>): void {
  const resource = { group: desc.group, version: desc.version, resource: desc.plural };
  {
    {
      const meta = metaOf(object ?? oldObject);
      const name = meta.name ?? '';
      const isNamespace = desc.group === '' && desc.plural === 'namespaces';
      const namespace = isNamespace ? name : desc.namespaced ? meta.namespace ?? '' : '';
      const nsObject = isNamespace ? object ?? oldObject : namespace !== '' ? sources.namespace(namespace) : undefined;
      const namespaceLabels: admissionregistration.NamespaceLabels = !isNamespace && namespace === '' ? { kind: 'clusterScoped' }
        : nsObject === undefined ? { kind: 'notFound' } : { kind: 'labels', labels: metaOf(nsObject).labels ?? {} };
      const kind = { group: desc.group, version: desc.version, kind: desc.kind };
      const ctx = attrs?.ctx;
      const review = admissionregistration.admissionRequest({
        uid: randomUUID(), kind, resource, subResource: attrs?.subresource ?? '', requestKind: kind, requestResource: resource, name,
        namespace: isNamespace ? '' : namespace, operation: op,
        userInfo: { username: ctx?.user.name ?? '', groups: ctx?.user.groups ?? [], ...(ctx?.user.uid ? { uid: ctx.user.uid } : {}), ...(ctx?.user.extra ? { extra: ctx.user.extra } : {}) },
        object: null, oldObject: null, dryRun: ctx?.dryRun ?? false, options: attrs?.options ? { ...attrs.options } : undefined,
      });
      delete review['object'];
      delete review['oldObject'];
      const outcome = admissionregistration.dispatchPolicies(
        { policies, bindings: sources.bindings.list(), params: (k) => sources.params(k) },
        {
          operation: op, resource, subresource: attrs?.subresource ?? '', namespace, name, object, oldObject, namespaceLabels,
          equivalents: sources.equivalents(desc).map((d) => ({ group: d.group, version: d.version, resource: d.plural, kind: d.kind })),
          admissionRequest: review, namespaceObject: isNamespace ? undefined : nsObject,
        },
      );
      ctx?.warnings.push(...outcome.warnings);
      for (const [key, value] of outcome.auditAnnotations) ctx?.audit?.annotate(key, value);
      const denial = outcome.denial;
      if (denial === undefined) return;
      const q = qualifiedResource({ group: desc.group, resource: desc.plural });
      // upstream admission.NewForbidden's message and details, with the policy's reason and code.
      throw new ApiError(denial.code, denial.reason, `${q} "${name}" is forbidden: ${denial.message}`, {
        name, kind: desc.plural, ...(desc.group ? { group: desc.group } : {}), causes: [{ message: denial.message }],
      });
    }
  }
}
