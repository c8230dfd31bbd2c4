// The node authorizer (upstream plugin/pkg/auth/authorizer/node): a kubelet, authenticated as
// system:node:<name> in group system:nodes, may read the Secrets, ConfigMaps, claims and volumes of the pods
// bound to its node, request tokens for their ServiceAccounts, and touch its own Lease; for everything else
// it holds the node rules (rbac.nodeRules). A request outside those gets no opinion, so RBAC decides (and
// the system:node binding has no subjects). What a node may write of its own Node and pods is
// NodeRestriction admission's business.
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { persistentVolumeSecrets, podReferences, rbac } from '../../api/index.js';
import { noOpinion, type Attributes, type Authorizer, type Decision } from './authorizer.js';

export const nodeUserPrefix = 'system:node:';
export const nodesGroup = 'system:nodes';

/** The node a user is the kubelet of, if it is one (upstream NodeIdentifier). */
export function nodeNameOf(user: { name: string; groups: readonly string[] }): string | undefined {
  if (!user.groups.includes(nodesGroup) || !user.name.startsWith(nodeUserPrefix)) return undefined;
  const name = user.name.slice(nodeUserPrefix.length);
  return name === '' ? undefined : name;
}

/** What the authorizer reads of the cluster: the graph from a node to its pods and on to their objects. */
export interface NodeGraph {
  /** Pods whose spec.nodeName is the node. */
  podsOn(node: string): readonly Pod[];
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  volume(name: string): PersistentVolume | undefined;
}

const allow: Decision = { kind: 'allow', reason: '' };
const no = (reason: string): Decision => ({ kind: 'noOpinion', reason });
const noPath = (node: string): Decision => no(`no relationship found between node '${node}' and this object`);

export class NodeAuthorizer implements Authorizer {
  readonly #graph: NodeGraph;

  constructor(graph: NodeGraph) {
    this.#graph = graph;
  }

  authorize(a: Attributes): Decision {
    const node = nodeNameOf(a.user);
    if (node === undefined) return noOpinion;
    if (a.resourceRequest) {
      switch (`${a.apiGroup}/${a.resource}`) {
        case '/secrets': return this.#readNamespaced(node, a, (pod) => (pod.metadata?.namespace === a.namespace && podReferences(pod).secrets.includes(a.name)) || this.#volumeSecretOf(pod, a.namespace, a.name));
        case '/configmaps': return this.#readNamespaced(node, a, (pod) => pod.metadata?.namespace === a.namespace && podReferences(pod).configMaps.includes(a.name));
        case '/persistentvolumeclaims':
          if (a.subresource === 'status') return this.#statusUpdate(node, a);
          return this.#get(node, a, () => this.#claimOnNode(node, a.namespace, a.name));
        case '/persistentvolumes': return this.#get(node, a, () => this.#podsOn(node).some((pod) => this.#volumesOf(pod).includes(a.name)));
        case '/serviceaccounts':
          if (a.subresource === 'token') return this.#createToken(node, a);
          break;
        case 'coordination.k8s.io/leases': return lease(node, a);
        default: break;
      }
    }
    return rbac.nodeRules.some((r) => rbac.ruleAllows(r, a)) ? allow : noOpinion;
  }

  #podsOn(node: string, namespace?: string): readonly Pod[] {
    const pods = this.#graph.podsOn(node);
    return namespace === undefined ? pods : pods.filter((p) => p.metadata?.namespace === namespace);
  }

  /** get, list and watch of one named object (a list or watch names it by a metadata.name field selector). */
  #readNamespaced(node: string, a: Attributes, referencedBy: (pod: Pod) => boolean): Decision {
    if (a.verb !== 'get' && a.verb !== 'list' && a.verb !== 'watch') return no('can only read resources of this type');
    if (a.subresource) return no('cannot read subresource');
    if (!a.name) return no('No Object name found');
    return this.#podsOn(node).some(referencedBy) ? allow : noPath(node);
  }

  #get(node: string, a: Attributes, related: () => boolean): Decision {
    if (a.verb !== 'get') return no('can only get individual resources of this type');
    if (a.subresource) return no('cannot get subresource');
    if (!a.name) return no('No Object name found');
    return related() ? allow : noPath(node);
  }

  #statusUpdate(node: string, a: Attributes): Decision {
    if (a.verb !== 'get' && a.verb !== 'update' && a.verb !== 'patch') return no('can only get, update or patch this type');
    if (!a.name) return no('No Object name found');
    return this.#claimOnNode(node, a.namespace, a.name) ? allow : noPath(node);
  }

  #createToken(node: string, a: Attributes): Decision {
    if (a.verb !== 'create' || !a.name) return no('can only create tokens for individual service accounts');
    return this.#podsOn(node, a.namespace).some((pod) => podReferences(pod).serviceAccount === a.name) ? allow : noPath(node);
  }

  #claimOnNode(node: string, namespace: string, name: string): boolean {
    return this.#podsOn(node, namespace).some((pod) => podReferences(pod).claims.includes(name));
  }

  /** The PersistentVolumes bound to the pod's claims. */
  #volumesOf(pod: Pod): string[] {
    const ns = pod.metadata?.namespace ?? '';
    return podReferences(pod).claims.flatMap((c) => {
      const pv = this.#graph.claim(ns, c)?.spec?.volumeName;
      return pv ? [pv] : [];
    });
  }

  /** A Secret one of the pod's volumes names (CSI and plugin secret references). */
  #volumeSecretOf(pod: Pod, namespace: string, name: string): boolean {
    return this.#volumesOf(pod).some((v) => {
      const pv = this.#graph.volume(v);
      return pv !== undefined && persistentVolumeSecrets(pv).some((s) => s.namespace === namespace && s.name === name);
    });
  }
}

const leaseNamespace = 'kube-node-lease';

/** A node's own Lease in kube-node-lease (creating one is checked by NodeRestriction). */
function lease(node: string, a: Attributes): Decision {
  if (!['get', 'create', 'update', 'patch', 'delete'].includes(a.verb)) return no('can only get, create, update, patch, or delete a node lease');
  if (a.namespace !== leaseNamespace) return no(`can only access leases in the ${leaseNamespace} namespace`);
  if (a.verb !== 'create' && a.name !== node) return no('can only access node lease with the same name as the requesting node');
  return allow;
}
