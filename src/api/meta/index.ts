// meta: ObjectMeta-level building blocks: field errors, kind rules, selectors, name and metadata validation.
export * from './field-path.js';
export * from './kind-rules.js';
export * from './labels.js';
export * from './fields.js';
export * from './name-validation.js';
export * from './validation.js';
