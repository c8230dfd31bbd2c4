// admissionregistration.k8s.io/v1 defaulting (upstream SetDefaults_ValidatingWebhook, _MutatingWebhook, _Rule,
// _ServiceReference): failurePolicy Fail, matchPolicy Equivalent, empty selectors, timeout 10 s, reinvocation
// Never, rule scope "*", service port 443. sideEffects and admissionReviewVersions have no default in v1.
import type { MutatingWebhook, ValidatingWebhook, WebhookClientConfig } from 'kubernetes-types/admissionregistration/v1.js';
import type { KubeObject } from '../../meta/index.js';
import type { RuleWithOperations } from './matching.js';
import { isObject } from '../../patch/json-value.js';

export const defaultTimeoutSeconds = 10;
export const defaultServicePort = 443;

function defaultRule(rule: RuleWithOperations): void {
  if (rule.scope === undefined) rule.scope = '*';
}

function defaultClientConfig(cc: WebhookClientConfig | undefined): void {
  if (cc?.service && cc.service.port === undefined) cc.service.port = defaultServicePort;
}

function defaultWebhook(hook: ValidatingWebhook | MutatingWebhook, mutating: boolean): void {
  hook.failurePolicy ??= 'Fail';
  hook.matchPolicy ??= 'Equivalent';
  hook.namespaceSelector ??= {};
  hook.objectSelector ??= {};
  hook.timeoutSeconds ??= defaultTimeoutSeconds;
  if (mutating) (hook as MutatingWebhook).reinvocationPolicy ??= 'Never';
  for (const r of hook.rules ?? []) if (isObject(r)) defaultRule(r);
  defaultClientConfig(hook.clientConfig);
}

/** Defaults every webhook of a Validating- or MutatingWebhookConfiguration in place. */
export function defaultWebhookConfiguration(obj: KubeObject, mutating: boolean): void {
  const hooks = obj['webhooks'];
  if (!Array.isArray(hooks)) return;
  for (const h of hooks) if (isObject(h)) defaultWebhook(h as unknown as ValidatingWebhook, mutating);
}
