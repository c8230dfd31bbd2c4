// Printers for rbac.authorization.k8s.io/v1: Role and ClusterRole (default table), RoleBinding and ClusterRoleBinding.
import type { RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';
import { ageColumn, ageOf, col, defaultPrinter, nameColumn, nameOf, type PrinterSet, type TablePrinter } from './columns.js';

/** rbac.SubjectsStrings: user names, group names and `namespace/name` of service accounts, each joined by `, `. */
export function subjectsCells(subjects: readonly Subject[] | undefined): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
    else if (s.kind === 'ServiceAccount') serviceAccounts.push(`${s.namespace ?? ''}/${s.name}`);
  }
  return [users.join(', '), groups.join(', '), serviceAccounts.join(', ')];
}

const bindingPrinter: TablePrinter = {
  columns: [nameColumn, col('Role'), ageColumn, col('Users', { wide: true }), col('Groups', { wide: true }), col('ServiceAccounts', { wide: true })],
  cells(obj, now) {
    // ClusterRoleBinding has the same roleRef and subjects fields.
    const b = obj as Partial<RoleBinding>;
    return [nameOf(b), `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`, ageOf(b, now), ...subjectsCells(b.subjects)];
  },
};

const group = 'rbac.authorization.k8s.io';

export const rbacPrinters: PrinterSet = {
  [`Role.${group}`]: defaultPrinter,
  [`ClusterRole.${group}`]: defaultPrinter,
  [`RoleBinding.${group}`]: bindingPrinter,
  [`ClusterRoleBinding.${group}`]: bindingPrinter,
};
