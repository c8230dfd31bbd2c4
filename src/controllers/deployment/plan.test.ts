// Tables for the Deployment plan (state in: the Deployment, its ReplicaSets and pods; out: actions and status),
// and whole rollouts replayed step by step with the maxSurge/maxUnavailable invariants checked after each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeploymentCondition, DeploymentStrategy } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { planDeployment, type Action, type DeploymentPlan } from './plan.js';
import {
  desiredReplicasAnnotation, maxReplicasAnnotation, revisionAnnotation, revisionHistoryAnnotation, templateHash, templateHashLabel,
  type DeploymentObject, type ReplicaSetObject,
} from './replica-sets.js';
import { fenceposts } from './rolling.js';

const nowMs = Date.parse('2025-01-01T00:10:00Z');
const image = (v: number): string => `nginx:${v}`;
const templateOf = (v: number): DeploymentObject['spec']['template'] => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: image(v) }] } });
const hashOf = (v: number): string => templateHash(templateOf(v));

interface DeployOptions { counts?: { replicas: number; updatedReplicas: number; readyReplicas: number; availableReplicas: number }; replicas?: number; version?: number; strategy?: DeploymentStrategy; paused?: boolean; revision?: string; conditions?: DeploymentCondition[]; historyLimit?: number; deleting?: boolean; selector?: boolean }
const deploy = (o: DeployOptions = {}): DeploymentObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'uid-web', generation: 2, ...(o.revision ? { annotations: { [revisionAnnotation]: o.revision } } : {}), ...(o.deleting ? { deletionTimestamp: '2025-01-01T00:00:00Z' } : {}) },
  spec: {
    replicas: o.replicas ?? 3, selector: o.selector === false ? {} : { matchLabels: { app: 'web' } }, strategy: o.strategy ?? { type: 'RollingUpdate' }, progressDeadlineSeconds: 600,
    template: templateOf(o.version ?? 2), ...(o.paused ? { paused: true } : {}), ...(o.historyLimit !== undefined ? { revisionHistoryLimit: o.historyLimit } : {}),
  },
  ...(o.conditions ? { status: { observedGeneration: 2, ...o.counts, conditions: o.conditions } } : {}),
});

interface RSOptions { available?: number; revision?: number; desired?: number; created?: string }
/** A ReplicaSet of the Deployment for template version v, as the Deployment controller made it. */
const rs = (v: number, replicas: number, o: RSOptions = {}): ReplicaSetObject => {
  const hash = hashOf(v);
  const d = o.desired ?? 3;
  return {
    metadata: {
      name: `web-${hash}`, namespace: 'default', uid: `uid-rs-${v}`, creationTimestamp: o.created ?? `2025-01-01T00:0${v}:00Z`,
      labels: { app: 'web', [templateHashLabel]: hash },
      annotations: { [revisionAnnotation]: String(o.revision ?? v), [desiredReplicasAnnotation]: String(d), [maxReplicasAnnotation]: String(d + fenceposts(deploy({ replicas: d })).maxSurge) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true }],
    },
    spec: { replicas, selector: { matchLabels: { app: 'web', [templateHashLabel]: hash } }, template: { ...templateOf(v), metadata: { labels: { app: 'web', [templateHashLabel]: hash } } } },
    status: { replicas, readyReplicas: o.available ?? replicas, availableReplicas: o.available ?? replicas },
  };
};
const pod = (owner: ReplicaSetObject, name: string, phase = 'Running'): Pod => ({
  metadata: { name, namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner.metadata.name, uid: owner.metadata.uid ?? '', controller: true }] },
  status: { phase },
});

/** Actions in a compact form: "create web-<hash>=3", "scale web-<hash>=2", "annotate web-<hash>", "revision 2", "delete web-<hash>", "event Reason". */
function brief(a: Action): string {
  switch (a.kind) {
    case 'createReplicaSet': return `create ${a.rs.metadata.name}=${a.rs.spec.replicas}${a.event ? ` (${a.event.message})` : ''}`;
    case 'updateReplicaSet': return a.event ? `scale ${a.rs.metadata.name}=${a.rs.spec.replicas}` : `annotate ${a.rs.metadata.name}`;
    case 'setRevision': return `revision ${a.revision}`;
    case 'deleteReplicaSet': return `delete ${a.rs.metadata.name}`;
    case 'recordEvent': return `event ${a.event.reason}`;
  }
}
const progressing = (p: DeploymentPlan): string | undefined => {
  const c = p.status?.conditions?.find((x) => x.type === 'Progressing');
  return c && `${c.status}/${c.reason}`;
};

interface Case {
  name: string;
  d: DeploymentObject;
  rss: ReplicaSetObject[];
  pods?: Pod[];
  want: { actions: string[]; progressing?: string; status?: 'unchanged'; requeueAfterMs?: number; counts?: Partial<Record<'replicas' | 'updatedReplicas' | 'availableReplicas' | 'unavailableReplicas', number>> };
}

const h = hashOf;
/** The counts of rs(1, 1) and rs(2, 3, { available: 1 }), as the last status recorded them: no progress since. */
const stalled = { replicas: 4, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 };
const cases: Case[] = [
  {
    name: 'warns about a Deployment without a selector and does nothing else',
    d: deploy({ selector: false }), rss: [],
    want: { actions: ['event SelectingAll'], status: 'unchanged' },
  },
  {
    name: 'creates the first ReplicaSet at full size, revision 1',
    d: deploy(), rss: [],
    want: { actions: [`create web-${h(2)}=3 (Scaled up replica set web-${h(2)} from 0 to 3)`, 'revision 1'], progressing: 'True/NewReplicaSetCreated', counts: { replicas: 0, unavailableReplicas: 3 } },
  },
  {
    name: 'rolling update: creates the new ReplicaSet within maxSurge and scales the old one down within maxUnavailable in one sync',
    d: deploy({ replicas: 10, revision: '1' }), rss: [rs(1, 10, { desired: 10 })],
    // surge 3 (25% of 10 up), unavailable 2 (25% down): 13 pods - 8 available needed - 3 new unavailable = 2 may go.
    // The status after a scale-down in the same sync says ReplicaSetUpdated (upstream writes NewReplicaSetCreated at creation).
    want: { actions: [`create web-${h(2)}=3 (Scaled up replica set web-${h(2)} from 0 to 3)`, 'revision 2', `scale web-${h(1)}=8`], progressing: 'True/ReplicaSetUpdated' },
  },
  {
    name: 'rolling update: scales the new ReplicaSet up once old pods went, and stops there',
    d: deploy({ replicas: 10, revision: '2' }), rss: [rs(1, 8, { desired: 10 }), rs(2, 3, { desired: 10 })],
    want: { actions: [`scale web-${h(2)}=5`], counts: { replicas: 11, updatedReplicas: 3 } },
  },
  {
    name: 'rolling update: removes unavailable old pods first, even below the minimum available (they cost no availability)',
    // 13 pods - 8 available needed - 3 new unavailable = 2 may go: two of the three unavailable old pods.
    d: deploy({ replicas: 10, revision: '2' }), rss: [rs(1, 10, { desired: 10, available: 7 }), rs(2, 3, { desired: 10, available: 0 })],
    want: { actions: [`scale web-${h(1)}=8`] },
  },
  {
    name: 'rolling update: holds when scaling down would break maxUnavailable',
    d: deploy({ replicas: 10, revision: '2' }), rss: [rs(1, 8, { desired: 10 }), rs(2, 5, { desired: 10, available: 0 })],
    want: { actions: [], counts: { availableReplicas: 8 } },
  },
  {
    name: 'a complete rollout deletes idle old ReplicaSets beyond revisionHistoryLimit, oldest first',
    d: deploy({ revision: '3', historyLimit: 1 }), rss: [rs(0, 0, { revision: 1 }), rs(1, 0, { revision: 2 }), rs(2, 3, { revision: 3 })],
    want: { actions: [`delete web-${h(0)}`], progressing: 'True/NewReplicaSetAvailable', counts: { replicas: 3, updatedReplicas: 3, availableReplicas: 3 } },
  },
  {
    name: 'rollback: the old ReplicaSet of the template becomes the new one with the next revision and remembers its earlier one',
    d: deploy({ version: 1, revision: '2' }), rss: [rs(1, 0, { revision: 1 }), rs(2, 3, { revision: 2 })],
    want: { actions: [`annotate web-${h(1)}`, 'revision 3', `scale web-${h(1)}=1`] },
  },
  {
    name: 'Recreate: scales every old ReplicaSet to zero first, creating nothing',
    d: deploy({ strategy: { type: 'Recreate' }, revision: '1' }), rss: [rs(1, 3)],
    want: { actions: [`scale web-${h(1)}=0`] },
  },
  {
    name: 'Recreate: waits while old pods still run (terminating ones too)',
    d: deploy({ strategy: { type: 'Recreate' }, revision: '1' }), rss: [rs(1, 0)], pods: [pod(rs(1, 0), 'web-old-a'), pod(rs(1, 0), 'web-old-b', 'Succeeded')],
    want: { actions: [] },
  },
  {
    name: 'Recreate: creates the new ReplicaSet at full size once the old pods are gone (finished pods do not count)',
    d: deploy({ strategy: { type: 'Recreate' }, revision: '1' }), rss: [rs(1, 0)], pods: [pod(rs(1, 0), 'web-old-b', 'Failed')],
    want: { actions: [`create web-${h(2)}=3 (Scaled up replica set web-${h(2)} from 0 to 3)`, 'revision 2'], progressing: 'True/NewReplicaSetCreated' },
  },
  {
    name: 'a replicas change scales several active ReplicaSets proportionally, the rest to the newest',
    d: deploy({ replicas: 20, revision: '2' }), rss: [rs(1, 8, { desired: 10 }), rs(2, 5, { desired: 10 })],
    // The new ReplicaSet's size annotations first; then allowed 20 + 5 surge = 25, 13 now: +12 shared 8:5 → +7
    // and +4, the rounding rest (1) to the newest.
    want: { actions: [`annotate web-${h(2)}`, `scale web-${h(1)}=15`, `scale web-${h(2)}=10`] },
  },
  {
    name: 'a replicas change with one active ReplicaSet scales only that one',
    d: deploy({ replicas: 5, revision: '2' }), rss: [rs(1, 0), rs(2, 3)],
    want: { actions: [`annotate web-${h(2)}`, `scale web-${h(2)}=5`] },
  },
  {
    name: 'paused: a new template creates no ReplicaSet; Progressing is Unknown',
    d: deploy({ paused: true, revision: '1' }), rss: [rs(1, 3)],
    want: { actions: [], progressing: 'Unknown/DeploymentPaused' },
  },
  {
    name: 'a rollout without progress past its deadline becomes ProgressDeadlineExceeded',
    d: deploy({ revision: '2', conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: '2024-12-31T23:59:00Z', lastTransitionTime: '2024-12-31T23:59:00Z' }], counts: stalled }),
    rss: [rs(1, 1), rs(2, 3, { available: 1 })],
    want: { actions: [], progressing: 'False/ProgressDeadlineExceeded' },
  },
  {
    name: 'a rollout within its deadline is looked at again when it passes',
    d: deploy({ revision: '2', conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: '2025-01-01T00:05:00Z', lastTransitionTime: '2025-01-01T00:05:00Z' }], counts: stalled }),
    rss: [rs(1, 1), rs(2, 3, { available: 1 })],
    want: { actions: [], progressing: 'True/ReplicaSetUpdated', requeueAfterMs: 301_000 },
  },
  {
    name: 'a Deployment being deleted only gets its status',
    d: deploy({ deleting: true, revision: '1' }), rss: [rs(1, 3)],
    want: { actions: [], counts: { replicas: 3, updatedReplicas: 0 } },
  },
];

for (const c of cases) {
  test(`planDeployment() ${c.name}`, () => {
    const plan = planDeployment({ d: c.d, replicaSets: c.rss, pods: c.pods ?? [], nowMs });
    assert.deepEqual(plan.actions.map(brief), c.want.actions);
    if (c.want.status === 'unchanged') assert.equal(plan.status, undefined);
    if (c.want.progressing) assert.equal(progressing(plan), c.want.progressing);
    for (const [k, v] of Object.entries(c.want.counts ?? {})) assert.equal(plan.status?.[k as keyof typeof c.want.counts] ?? 0, v, k);
    assert.equal(plan.requeueAfterMs, c.want.requeueAfterMs);
  });
}

test('planDeployment() leaves the status alone when only lastUpdateTime would change', () => {
  const d = deploy({ revision: '2' });
  const first = planDeployment({ d, replicaSets: [rs(2, 3)], pods: [], nowMs });
  const again = planDeployment({ d: { ...d, status: first.status! }, replicaSets: [rs(2, 3)], pods: [], nowMs: nowMs + 60_000 });
  assert.deepEqual(again, { actions: [] });
});

/** Applies a plan to the ReplicaSets; then every pod of every ReplicaSet becomes available (the kubelet's step). */
function step(rss: Map<string, ReplicaSetObject>, plan: DeploymentPlan, ready: boolean): void {
  for (const a of plan.actions) {
    if (a.kind === 'createReplicaSet') rss.set(a.rs.metadata.name, { ...a.rs, metadata: { ...a.rs.metadata, uid: `uid-${a.rs.metadata.name}`, creationTimestamp: '2025-01-01T00:09:00Z' }, status: { replicas: 0, availableReplicas: 0 } });
    if (a.kind === 'updateReplicaSet') {
      const prev = rss.get(a.rs.metadata.name)!;
      const replicas = a.rs.spec.replicas ?? 0;
      // Scaling down removes pods at once, unavailable ones first.
      rss.set(a.rs.metadata.name, { ...a.rs, status: { replicas, availableReplicas: Math.min(prev.status?.availableReplicas ?? 0, replicas) } });
    }
    if (a.kind === 'deleteReplicaSet') rss.delete(a.rs.metadata.name);
  }
  if (ready) for (const [k, r] of rss) rss.set(k, { ...r, status: { replicas: r.spec.replicas ?? 0, readyReplicas: r.spec.replicas ?? 0, availableReplicas: r.spec.replicas ?? 0 } });
}

for (const [replicas, strategy] of [[10, {}], [10, { maxSurge: 0, maxUnavailable: 1 }], [4, { maxSurge: 1, maxUnavailable: 0 }], [3, { maxSurge: '100%', maxUnavailable: '50%' }]] as const) {
  test(`planDeployment() rolls ${replicas} replicas over with ${JSON.stringify(strategy)} within maxSurge and maxUnavailable`, () => {
    let d = deploy({ replicas, revision: '1', version: 2, strategy: { type: 'RollingUpdate', rollingUpdate: strategy } });
    const { maxSurge, maxUnavailable } = fenceposts(d);
    const rss = new Map([[rs(1, replicas).metadata.name, rs(1, replicas, { desired: replicas })]]);
    // The maxReplicas annotation of the fixture assumes the default surge: bring it in line first (no rollout).
    for (const r of rss.values()) r.metadata.annotations = { ...r.metadata.annotations, [maxReplicasAnnotation]: String(replicas + maxSurge) };
    for (let i = 0; i < 50; i++) {
      const plan = planDeployment({ d, replicaSets: [...rss.values()], pods: [], nowMs });
      // Half of the steps leave new pods unready, so the plan must hold on availability too.
      step(rss, plan, i % 2 === 1);
      const all = [...rss.values()];
      const total = all.reduce((n, r) => n + (r.spec.replicas ?? 0), 0);
      const available = all.reduce((n, r) => n + (r.status?.availableReplicas ?? 0), 0);
      assert.ok(total <= replicas + maxSurge, `step ${i}: ${total} pods > ${replicas} + ${maxSurge}`);
      assert.ok(available >= replicas - maxUnavailable, `step ${i}: ${available} available < ${replicas} - ${maxUnavailable}`);
      if (plan.status) d = { ...d, status: plan.status };
      const newRS = all.find((r) => r.metadata.labels?.[templateHashLabel] === hashOf(2));
      if (newRS?.status?.availableReplicas === replicas && total === replicas) {
        assert.equal(progressing(planDeployment({ d, replicaSets: all, pods: [], nowMs })) ?? 'True/NewReplicaSetAvailable', 'True/NewReplicaSetAvailable');
        return;
      }
    }
    assert.fail('the rollout did not complete in 50 steps');
  });
}

test('planDeployment() under Recreate never runs old and new pods together', () => {
  let d = deploy({ strategy: { type: 'Recreate' }, revision: '1' });
  const rss = new Map([[rs(1, 3).metadata.name, rs(1, 3)]]);
  let pods = [pod(rs(1, 3), 'a'), pod(rs(1, 3), 'b'), pod(rs(1, 3), 'c')];
  const actions: string[] = [];
  for (let i = 0; i < 5; i++) {
    const plan = planDeployment({ d, replicaSets: [...rss.values()], pods, nowMs });
    actions.push(...plan.actions.map(brief));
    for (const a of plan.actions) if (a.kind === 'setRevision') d = { ...d, metadata: { ...d.metadata, annotations: { [revisionAnnotation]: a.revision } } };
    step(rss, plan, true);
    const running = [...rss.values()].filter((r) => (r.spec.replicas ?? 0) > 0);
    assert.ok(running.length <= 1 && (running.length === 0 || pods.length === 0 || running[0]!.metadata.name === `web-${h(1)}`), `step ${i}: old and new together`);
    if (i === 1) pods = []; // the old pods terminate
  }
  assert.deepEqual(actions, [`scale web-${h(1)}=0`, `create web-${h(2)}=3 (Scaled up replica set web-${h(2)} from 0 to 3)`, 'revision 2']);
});
