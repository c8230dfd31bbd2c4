// Encryption of stored values at rest (--encryption-provider-config).
export { EncryptionConfigError, loadEncryptionConfig, parseEncryptionConfig, type EncryptionConfig } from './config.js';
export { identityStorage, PrefixChain, type ReadResult, type StorageTransformer } from './prefix-chain.js';
