// Verifies the decoder's field-number table against descriptors.json, which scripts/gen-proto-descriptors.ts
// derives from upstream's generated.proto files (kubernetes/api, kubernetes/apimachinery).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { messages } from './messages.js';

interface Desc { nested?: Record<string, Desc>; fields?: Record<string, { id: number }> }
const root = (JSON.parse(readFileSync(fileURLToPath(new URL('../../../../../src/apiserver/codec/protobuf/descriptors.json', import.meta.url)), 'utf8')) as { root: Desc }).root;

function lookup(path: string): Record<string, { id: number }> {
  let cur: Desc | undefined = root;
  for (const k of path.split('.')) cur = cur?.nested?.[k];
  if (!cur?.fields) throw new Error(`upstream message ${path} is missing from descriptors.json`);
  return cur.fields;
}

/** Our message name → upstream fully-qualified message. */
const upstream: Record<string, string> = {
  ObjectMeta: 'k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta', OwnerReference: 'k8s.io.apimachinery.pkg.apis.meta.v1.OwnerReference',
  LabelSelector: 'k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector', LabelSelectorRequirement: 'k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement',
  Quantity: 'k8s.io.apimachinery.pkg.api.resource.Quantity',
  HorizontalPodAutoscalerV1: 'k8s.io.api.autoscaling.v1.HorizontalPodAutoscaler', HorizontalPodAutoscalerSpecV1: 'k8s.io.api.autoscaling.v1.HorizontalPodAutoscalerSpec',
  CrossVersionObjectReference: 'k8s.io.api.autoscaling.v1.CrossVersionObjectReference',
};
const group: Record<string, string> = {
  Deployment: 'apps', DeploymentSpec: 'apps', DeploymentStrategy: 'apps', Job: 'batch', JobSpec: 'batch', CronJob: 'batch', CronJobSpec: 'batch', JobTemplateSpec: 'batch',
  Role: 'rbac', ClusterRole: 'rbac', PolicyRule: 'rbac', RoleBinding: 'rbac', Subject: 'rbac', RoleRef: 'rbac',
  SelfSubjectAccessReview: 'authorization', SelfSubjectAccessReviewSpec: 'authorization', ResourceAttributes: 'authorization', NonResourceAttributes: 'authorization',
  SelfSubjectRulesReview: 'authorization', SelfSubjectRulesReviewSpec: 'authorization', SelfSubjectReview: 'authentication', TokenRequest: 'authentication',
  TokenRequestSpec: 'authentication', BoundObjectReference: 'authentication', PodDisruptionBudget: 'policy', PodDisruptionBudgetSpec: 'policy', PriorityClass: 'scheduling',
};
/** JSON names that differ from the proto field names. */
const protoName: Record<string, string> = { 'BoundObjectReference.uid': 'uID' };

test('messages table matches the upstream generated.proto field numbers', () => {
  const wrong: string[] = [];
  for (const [name, desc] of Object.entries(messages)) {
    if (name === 'Empty') continue;
    const fields = lookup(upstream[name] ?? `k8s.io.api.${group[name] ?? 'core'}.v1.${name}`);
    for (const [no, f] of Object.entries(desc)) {
      const id = fields[protoName[`${name}.${f.name}`] ?? f.name]?.id;
      if (String(id) !== no) wrong.push(`${name}.${f.name}: ours ${no}, upstream ${String(id)}`);
    }
  }
  assert.deepEqual(wrong, []);
});
