// The tokens controller (upstream "serviceaccount-token-controller"): Secrets of type
// kubernetes.io/service-account-token get a legacy (non-expiring) token of the account they name, the cluster
// CA and their namespace; they are deleted with their account. The decision is plan.ts's.
import type { Secret, ServiceAccount } from 'kubernetes-types/core/v1.js';
import { isConflict, isNotFound, lookupResource } from '../../api/index.js';
import { controllerFor, objectKeyOf, type ControllerContext } from '../../client/index.js';
import { accountNameAnnotation, planTokenSecret, populated, tokenSecretType } from './plan.js';

export { tokenSecretType } from './plan.js';

const secretsR = lookupResource('', 'v1', 'secrets')!;
const accountsR = lookupResource('', 'v1', 'serviceaccounts')!;

export interface LegacyTokens {
  /** A token for the account, held by the Secret. */
  issue(c: { namespace: string; serviceAccount: string; uid: string; secretName: string }): string;
  /** Whether `token` is one this cluster issued for that Secret and account (signature and claims). */
  valid(token: string, c: { namespace: string; serviceAccount: string; uid: string; secretName: string }): boolean;
}

export function startServiceAccountTokenController(ctx: ControllerContext, options: { tokens: LegacyTokens; caPem: string }): AsyncDisposable {
  // Token Secrets, added or changed (a deleted one has nothing left to hold).
  const b = controllerFor<Secret>(ctx, secretsR, { name: 'serviceaccount-token', kind: 'Secret', delayOf: (c) => (c.type !== 'delete' && c.obj.type === tokenSecretType ? 0 : undefined) });
  const secrets = b.primary;
  // An account created, replaced or deleted: its token Secrets are looked at again.
  const accounts = b.watches<ServiceAccount>(accountsR, ({ obj: a }) => secrets.list()
    .filter((s) => s.type === tokenSecretType && s.metadata?.namespace === a.metadata?.namespace && s.metadata?.annotations?.[accountNameAnnotation] === a.metadata?.name)
    .map((s) => objectKeyOf(s)));
  return b.complete({
    async reconcile(key: string) {
      const secret = secrets.get(key);
      if (!secret?.metadata?.name) return;
      const namespace = secret.metadata.namespace ?? '';
      const accountName = secret.metadata.annotations?.[accountNameAnnotation] ?? '';
      const account = accounts.get(`${namespace}/${accountName}`);
      const claims = { namespace, serviceAccount: accountName, uid: account?.metadata?.uid ?? '', secretName: secret.metadata.name };
      const current = secret.data?.['token'] ? Buffer.from(secret.data['token'], 'base64').toString('utf8') : '';
      const plan = planTokenSecret({ secret, account, tokenValid: current !== '' && options.tokens.valid(current, claims), caPem: options.caPem });
      try {
        if (plan.kind === 'delete') await ctx.client.delete(secretsR, namespace, secret.metadata.name, { preconditions: { uid: secret.metadata.uid! } });
        else if (plan.kind === 'populate') await ctx.client.update(secretsR, populated(secret, plan, plan.token ? options.tokens.issue(claims) : '', options.caPem));
      } catch (e: unknown) {
        if (isNotFound(e)) return;
        if (isConflict(e)) throw new Error(`secret ${key} changed; retrying`, { cause: e });
        throw e;
      }
    },
  }, { workers: 2 });
}
