// apiserver: HTTP(S), routing, the generic registry, watch caches, discovery, openapi, auth, admission.
export { ApiServer, type ApiServerOptions } from './server.js';
export { createAuthenticator, type Authenticator } from './auth/authn.js';
export { allowAll, type Authorizer, type Attributes, type Decision } from './auth/authorizer.js';
export { loadOrCreatePki, kubeletClientUser, type Pki } from './tls/pki.js';
export { adoptClusterBootstrap, publishClusterBootstrap, ClusterBootstrapError, bootstrapKey, unseal, writeSharedFiles } from './tls/cluster-bootstrap.js';
export { loadOrCreateEtcdPki } from './tls/etcd-pki.js';
export { serverBootstrapPath } from './server.js';
export type { UserInfo } from './registry/context.js';
export { ServiceAccountTokens } from './auth/service-account-token.js';
export { RemoteNodeStats, RemoteNodeStreams, type KubeletEndpoint, type KubeletClientCredentials } from './kubelet-client.js';
export { loadOrCreateFrontProxyPki, type FrontProxyPki } from './tls/front-proxy.js';
export { EncryptionConfigError, loadEncryptionConfig, parseEncryptionConfig, type EncryptionConfig } from './encryption/index.js';
export { AuditLogWriter, Auditor, AuditPolicyError, loadAuditPolicy, type AuditEvent } from './audit/index.js';
export type { InFlightLimits } from './overload/max-in-flight.js';
