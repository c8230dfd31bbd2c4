// apply: server-side apply and managedFields tracking (structured-merge-diff semantics, simplified).
export { serverSideApply, type ApplyOptions } from './apply.js';
export { updateManagedFields, type UpdateOptions, type ManagedFieldsEntry } from './managed-fields.js';
export { leavesOf, toFieldsV1, fromFieldsV1, describePath } from './field-set.js';
