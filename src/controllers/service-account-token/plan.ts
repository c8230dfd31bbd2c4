// The tokens controller's decision for one Secret (upstream pkg/controller/serviceaccount tokens_controller):
// pure, over the Secret, the account it names and whether the token it holds still verifies.
import type { Secret, ServiceAccount } from 'kubernetes-types/core/v1.js';

export const tokenSecretType = 'kubernetes.io/service-account-token';
export const accountNameAnnotation = 'kubernetes.io/service-account.name';
export const accountUidAnnotation = 'kubernetes.io/service-account.uid';

export type TokenSecretAction =
  /** Not a token Secret, or complete: nothing to do. */
  | { kind: 'none' }
  /** Its account is gone (or was replaced): upstream deletes the Secret. */
  | { kind: 'delete' }
  /** Fill in what is missing: the token, ca.crt, namespace, the account's uid annotation. */
  | { kind: 'populate'; token: boolean; caCrt: boolean; namespace: boolean; uid: string };

export interface TokenSecretState {
  readonly secret: Secret;
  readonly account: ServiceAccount | undefined;
  /** Whether data.token is a token this cluster issued for this Secret and account. */
  readonly tokenValid: boolean;
  /** The CA bundle the Secret should carry (base64-decoded). */
  readonly caPem: string;
}

const decode = (v: string | undefined): string => (v === undefined ? '' : Buffer.from(v, 'base64').toString('utf8'));

export function planTokenSecret(s: TokenSecretState): TokenSecretAction {
  const { secret, account } = s;
  if (secret.type !== tokenSecretType || secret.metadata?.deletionTimestamp) return { kind: 'none' };
  const annotations = secret.metadata?.annotations ?? {};
  const uid = annotations[accountUidAnnotation];
  if (!account || account.metadata?.deletionTimestamp || (uid !== undefined && uid !== '' && uid !== account.metadata?.uid)) return { kind: 'delete' };
  const data = secret.data ?? {};
  const plan = {
    token: !s.tokenValid,
    caCrt: decode(data['ca.crt']) !== s.caPem,
    namespace: decode(data['namespace']) !== (secret.metadata?.namespace ?? ''),
    uid: account.metadata?.uid ?? '',
  };
  return plan.token || plan.caCrt || plan.namespace || uid !== plan.uid ? { kind: 'populate', ...plan } : { kind: 'none' };
}

/** The Secret with what a populate plan fills in. */
export function populated(secret: Secret, plan: Extract<TokenSecretAction, { kind: 'populate' }>, token: string, caPem: string): Secret {
  const data = { ...(secret.data ?? {}) };
  if (plan.token) data['token'] = Buffer.from(token).toString('base64');
  if (plan.caCrt) data['ca.crt'] = Buffer.from(caPem).toString('base64');
  if (plan.namespace) data['namespace'] = Buffer.from(secret.metadata?.namespace ?? '').toString('base64');
  return { ...secret, metadata: { ...secret.metadata, annotations: { ...(secret.metadata?.annotations ?? {}), [accountUidAnnotation]: plan.uid } }, data };
}
