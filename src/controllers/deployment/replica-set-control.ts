// ReplicaSet control: performs a Deployment plan's actions through the API, in order, and records their
// events on the Deployment ("Scaled up replica set web-5d4f8 from 0 to 3").
import { isAlreadyExists, isNotFound, lookupResource } from '../../api/index.js';
import { controllerOf, type Client, type EventRecorder } from '../../client/index.js';
import type { Action } from './plan.js';
import { revisionAnnotation, sameTemplate, type DeploymentObject, type ReplicaSetObject } from './replica-sets.js';

const deploymentsR = lookupResource('apps', 'v1', 'deployments')!;
const replicaSetsR = lookupResource('apps', 'v1', 'replicasets')!;

export interface ReplicaSetControlOptions {
  client: Client;
  recorder: EventRecorder;
  /** The Deployment as cached now, when it is still the object d (same uid); else undefined. */
  current: (d: DeploymentObject) => DeploymentObject | undefined;
}

export class ReplicaSetControl {
  readonly #o: ReplicaSetControlOptions;
  constructor(options: ReplicaSetControlOptions) {
    this.#o = options;
  }

  /**
   * Runs the actions in order; the first failure is thrown (the sync retries with backoff). When the ReplicaSet to
   * create exists already as the Deployment's own, with its template (an earlier sync made it, and the cache does
   * not show it yet), the rest is skipped and that ReplicaSet returned: plan again with it.
   */
  async apply(d: DeploymentObject, actions: readonly Action[]): Promise<{ replan: ReplicaSetObject } | undefined> {
    const { client, recorder } = this.#o;
    for (const a of actions) {
      switch (a.kind) {
        case 'createReplicaSet': {
          const existing = await this.#create(d, a.rs);
          if (existing) return { replan: existing };
          break;
        }
        case 'updateReplicaSet': await client.update(replicaSetsR, a.rs); break;
        case 'setRevision': await this.#setRevision(d, a.revision); break;
        case 'deleteReplicaSet':
          await client.delete(replicaSetsR, a.rs.metadata.namespace, a.rs.metadata.name).catch((e: unknown) => { if (!isNotFound(e)) throw e; });
          break;
        case 'recordEvent': break;
      }
      const event = a.kind === 'recordEvent' || a.kind === 'createReplicaSet' || a.kind === 'updateReplicaSet' ? a.event : undefined;
      if (event) recorder.event(d, event.type, event.reason, event.message);
    }
    return undefined;
  }

  /** Creates the ReplicaSet; on AlreadyExists, the existing one when it is ours with the same template, else a hash collision. */
  async #create(d: DeploymentObject, body: ReplicaSetObject): Promise<ReplicaSetObject | undefined> {
    const { client } = this.#o;
    try {
      await client.create(replicaSetsR, d.metadata.namespace, body);
      return undefined;
    } catch (e: unknown) {
      if (!isAlreadyExists(e)) throw e;
    }
    const existing = await client.get<ReplicaSetObject>(replicaSetsR, d.metadata.namespace, body.metadata.name);
    if (controllerOf(existing)?.uid === d.metadata.uid && sameTemplate(existing.spec.template, d.spec.template)) return existing;
    // A hash collision: another template owns the name. Bump collisionCount and try again next sync.
    const collisionCount = d.status?.collisionCount ?? 0;
    await client.update(deploymentsR, { ...d, status: { ...(d.status ?? {}), collisionCount: collisionCount + 1 } }, 'status');
    throw new Error(`hash collision for ReplicaSet ${body.metadata.name}; collisionCount is now ${collisionCount + 1}`);
  }

  async #setRevision(d: DeploymentObject, revision: string): Promise<void> {
    const fresh = this.#o.current(d);
    if (!fresh) return;
    await this.#o.client.update(deploymentsR, { ...fresh, metadata: { ...fresh.metadata, annotations: { ...(fresh.metadata.annotations ?? {}), [revisionAnnotation]: revision } } });
  }
}
