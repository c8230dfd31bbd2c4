// util: leaf helpers (clock, disposables, logging). Imports nothing of ours.
export * from './clock.js';
export * from './fake-clock.js';
export * from './disposable.js';
export * from './logger.js';
export * from './deep-freeze.js';
export { canonicalJson, hashText, revisionHash } from './template-hash.js';
export { errorMessage } from './errors.js';
export { withoutZeros } from './omit-zero.js';
