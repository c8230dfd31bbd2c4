// apply: server-side apply and managedFields tracking (structured-merge-diff and the apiserver fieldmanager).
// Pure logic over PatchMeta; the apiserver calls serverSideApply for apply patches and updateManagedFields on other writes.
export { serverSideApply, type ApplyOptions } from './apply.js';
export { updateManagedFields, type UpdateOptions } from './update.js';
export { FieldSet, type FieldsV1 } from './field-set.js';
export { fieldSetOf } from './to-field-set.js';
export { compareObjects, type Comparison } from './compare.js';
export { decodeManagedFields, encodeManagedFields, rfc3339, type ManagedFieldsEntry } from './managed-fields.js';
export { describePath, type Part } from './path.js';
