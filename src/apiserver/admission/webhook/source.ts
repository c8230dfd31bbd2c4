// The webhook configurations as the dispatcher matches them (upstream's configuration managers): read from the
// watch caches, flattened to webhooks in configuration-name order, rebuilt only when the cache has moved on.
import type { MutatingWebhook, ValidatingWebhook } from 'kubernetes-types/admissionregistration/v1.js';
import type { KubeObject } from '../../../api/index.js';
import type { CachedObjects } from '../../auth/rbac-authorizer.js';

/** One webhook of a configuration; `uid` names it for reinvocation (configuration, name and position). */
export interface ConfiguredWebhook<H extends ValidatingWebhook | MutatingWebhook = ValidatingWebhook | MutatingWebhook> {
  readonly configuration: string;
  readonly uid: string;
  readonly hook: H;
}

function flatten<H extends ValidatingWebhook | MutatingWebhook>(configs: readonly KubeObject[]): ConfiguredWebhook<H>[] {
  const named = configs.map((c) => ({ name: String((c.metadata as { name?: unknown } | undefined)?.name ?? ''), hooks: Array.isArray(c['webhooks']) ? (c['webhooks'] as H[]) : [] }));
  named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return named.flatMap((c) => c.hooks.map((hook, i) => ({ configuration: c.name, uid: `${c.name}/${hook.name}/${i}`, hook })));
}

/** A view of one configuration kind's cache that is flattened again only after the cache changed. */
export class WebhookSource<H extends ValidatingWebhook | MutatingWebhook> {
  readonly #cache: CachedObjects;
  #version = -1;
  #hooks: readonly ConfiguredWebhook<H>[] = [];

  constructor(cache: CachedObjects) {
    this.#cache = cache;
  }

  /** The webhooks now configured (the cached objects are frozen and never changed here). */
  webhooks(): readonly ConfiguredWebhook<H>[] {
    const rv = this.#cache.resourceVersion;
    if (rv !== this.#version) {
      this.#hooks = flatten<H>(this.#cache.list());
      this.#version = rv;
    }
    return this.#hooks;
  }
}
