// The ServiceAccount admission plugin (upstream's): a pod runs as a service account (`default` unless it
// names one), which must exist; unless automounting is turned off (on the pod or the account) every
// container gets the account's API credentials at /var/run/secrets/kubernetes.io/serviceaccount from a
// projected `kube-api-access-xxxxx` volume (a bound token, the cluster CA from kube-root-ca.crt, the
// namespace); a pod without imagePullSecrets takes the account's.
import { randomInt } from 'node:crypto';
import { forbidden, mirrorPodAnnotation, rootCaConfigMapName, type KubeObject, type ResourceDescriptor } from '../../api/index.js';
import type { Admission } from '../registry/generic-store.js';

export const serviceAccountMountPath = '/var/run/secrets/kubernetes.io/serviceaccount';
/** Upstream's alphabet for generated suffixes (no vowels, no confusable digits). */
const alphabet = 'bcdfghjklmnpqrstvwxz2456789';

type Mount = { name?: string; mountPath?: string; readOnly?: boolean };
type Container = { volumeMounts?: Mount[] };
type PodSpec = {
  serviceAccountName?: string; serviceAccount?: string; automountServiceAccountToken?: boolean;
  volumes?: { name?: string }[]; imagePullSecrets?: { name?: string }[];
  containers?: Container[]; initContainers?: Container[]; ephemeralContainers?: Container[];
};
type Account = KubeObject & { automountServiceAccountToken?: boolean; imagePullSecrets?: { name?: string }[] };

export interface ServiceAccountLookup {
  get(namespace: string, name: string): Account | undefined;
}

/** The projected volume upstream mounts: token (1h plus 7 s, as upstream), CA bundle, namespace. */
export function apiAccessVolume(name: string): Record<string, unknown> {
  return {
    name,
    projected: {
      defaultMode: 0o644,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: rootCaConfigMapName, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}

export function serviceAccountAdmission(accounts: ServiceAccountLookup, options: { sleep?: (ms: number) => Promise<void>; suffix?: () => string } = {}): Admission {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const suffix = options.suffix ?? (() => Array.from({ length: 5 }, () => alphabet[randomInt(alphabet.length)]).join(''));
  /** The account; the `default` one is waited for a little, as its controller creates it with the namespace. */
  const lookup = async (ns: string, name: string): Promise<Account | undefined> => {
    for (let attempt = 0; ; attempt++) {
      const sa = accounts.get(ns, name);
      if (sa || name !== 'default' || attempt >= 10) return sa;
      await sleep(100);
    }
  };
  return {
    admit(op, desc: ResourceDescriptor, obj) {
      if (op !== 'CREATE' || desc.group !== '' || desc.kind !== 'Pod') return undefined;
      const meta = (obj.metadata ?? {}) as { name?: string; namespace?: string; annotations?: Record<string, string> };
      if (meta.annotations?.[mirrorPodAnnotation] !== undefined) return undefined;
      const spec = (obj['spec'] ??= {}) as PodSpec;
      const name = spec.serviceAccountName || spec.serviceAccount || 'default';
      spec.serviceAccountName = name;
      spec.serviceAccount = name;
      const ns = meta.namespace ?? 'default';
      return lookup(ns, name).then((sa) => {
        if (!sa) throw forbidden({ group: '', resource: 'pods' }, meta.name ?? '', `error looking up service account ${ns}/${name}: serviceaccount "${name}" not found`);
        if (!spec.imagePullSecrets?.length && sa.imagePullSecrets?.length) spec.imagePullSecrets = sa.imagePullSecrets.map((s) => ({ ...s }));
        if (!(spec.automountServiceAccountToken ?? sa.automountServiceAccountToken ?? true)) return;
        const all = [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
        const needing = all.filter((c) => !(c.volumeMounts ?? []).some((m) => m.mountPath === serviceAccountMountPath));
        if (needing.length === 0) return;
        const taken = new Set((spec.volumes ?? []).map((v) => v.name));
        let volume: string;
        do volume = `kube-api-access-${suffix()}`; while (taken.has(volume));
        spec.volumes = [...(spec.volumes ?? []), apiAccessVolume(volume)];
        for (const c of needing) c.volumeMounts = [...(c.volumeMounts ?? []), { name: volume, readOnly: true, mountPath: serviceAccountMountPath }];
      });
    },
  };
}
