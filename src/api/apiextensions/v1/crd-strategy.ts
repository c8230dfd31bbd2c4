// CustomResourceDefinition defaulting (upstream v1 SetDefaults_*) and the registry strategy's mutations
// (upstream registry/customresourcedefinition strategy): status is reset on create and owned by /status,
// spec changes bump metadata.generation, and the storage version is recorded in status.storedVersions.
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import { semanticEqual, type KubeObject } from '../../meta/index.js';

const asCrd = (obj: KubeObject): CustomResourceDefinition => obj as unknown as CustomResourceDefinition;

/** upstream SetDefaults_CustomResourceDefinition{,Spec} and SetDefaults_ServiceReference. Mutates obj in place. */
export function setCustomResourceDefinitionDefaults(obj: KubeObject): void {
  const crd = asCrd(obj);
  const spec = crd.spec;
  if (!spec || typeof spec !== 'object') return;
  const names = spec.names;
  if (names && typeof names === 'object') {
    if (!names.singular && names.kind) names.singular = names.kind.toLowerCase();
    if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  }
  if (!spec.conversion) spec.conversion = { strategy: 'None' };
  const service = spec.conversion.webhook?.clientConfig?.service;
  if (service && (service.port === undefined || service.port === null)) service.port = 443;
  addStorageVersion(crd);
}

/** Appends the storage version to status.storedVersions when missing (upstream strategy and defaulting). */
function addStorageVersion(crd: CustomResourceDefinition): void {
  const storage = (crd.spec?.versions ?? []).find((v) => v.storage === true);
  if (!storage) return;
  const status = crd.status ?? {};
  const stored = status.storedVersions ?? [];
  if (!stored.includes(storage.name)) status.storedVersions = [...stored, storage.name];
  crd.status = status;
}

/** upstream PrepareForCreate: status cleared, generation 1, storage version recorded. Mutates obj. */
export function prepareCustomResourceDefinitionForCreate(obj: KubeObject): void {
  const crd = asCrd(obj);
  crd.status = {};
  crd.metadata = { ...(crd.metadata ?? {}), generation: 1 };
  addStorageVersion(crd);
}

/** upstream PrepareForUpdate of the main resource: status kept from the stored object, generation bumped on spec change. */
export function prepareCustomResourceDefinitionForUpdate(obj: KubeObject, prev: KubeObject): void {
  const crd = asCrd(obj);
  const old = asCrd(prev);
  crd.status = structuredClone(old.status ?? {});
  const generation = old.metadata?.generation ?? 0;
  crd.metadata = { ...(crd.metadata ?? {}), generation: semanticEqual(crd.spec, old.spec) ? generation : generation + 1 };
  addStorageVersion(crd);
}

/** upstream statusStrategy PrepareForUpdate: /status writes status only; spec is kept from the stored object. */
export function prepareCustomResourceDefinitionForStatusUpdate(obj: KubeObject, prev: KubeObject): void {
  asCrd(obj).spec = structuredClone(asCrd(prev).spec);
}
