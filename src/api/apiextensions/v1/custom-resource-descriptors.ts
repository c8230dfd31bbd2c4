// What the generic registry serves for a CustomResourceDefinition: one ResourceDescriptor per served version,
// all stored at the storage version (conversion strategy None: only apiVersion changes between versions), under
// the CRD's accepted names, with its status and scale subresources and its printer columns. The version's schema
// turns into validation, pruning and defaulting through a SchemaRules function (the structural-schema engine).
import type { CustomResourceDefinition, CustomResourceDefinitionVersion, JSONSchemaProps } from 'kubernetes-types/apiextensions/v1.js';
import type { FieldError } from '../../meta/field-path.js';
import type { KindRules, KubeObject } from '../../meta/kind-rules.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';
import { customResourcePrinter } from '../../printers/custom-resource-printer.js';
import { isCrdConditionTrue } from './crd-conditions.js';
import { selectableFieldGetters } from './crd-selectable-fields.js';
import { simplePath } from '../../patch/json-value.js';
import type { PatchMeta } from '../../patch/patch-meta.js';
import { allVerbs, type ConversionWebhookConfig, type ResourceDescriptor, type ScaleSubresource, type VersionConversion } from '../../resource-descriptor.js';

/** The rules a version's schema adds (defaulting, validation) and its pruning; none without an engine. */
export type SchemaRules = (schema: JSONSchemaProps | undefined, context: { namespaced: boolean; hasStatus: boolean }) => KindRules & { prune?(obj: KubeObject): string[]; patchMeta?: PatchMeta };

export const noSchemaRules: SchemaRules = () => ({});


/** Whether the CRD's Established condition is True: only then are its resources served (upstream). */
export function isEstablished(crd: CustomResourceDefinition): boolean {
  return isCrdConditionTrue(crd, 'Established');
}

/** The version the CRD's resources are stored at (the one marked storage; the first one when none is). */
export function storageVersion(crd: CustomResourceDefinition): string {
  return crd.spec.versions.find((v) => v.storage)?.name ?? crd.spec.versions[0]?.name ?? '';
}

function conversionTo(group: string, version: string, storage: string): VersionConversion {
  return {
    toStorage: (o) => ({ ...o, apiVersion: `${group}/${storage}` }),
    fromStorage: (o) => ({ ...o, apiVersion: `${group}/${version}` }),
  };
}

function scaleOf(v: CustomResourceDefinitionVersion): ScaleSubresource | undefined {
  const s = v.subresources?.scale;
  if (!s) return undefined;
  return {
    specReplicasPath: simplePath(s.specReplicasPath), statusReplicasPath: simplePath(s.statusReplicasPath),
    selectorKind: 'path', ...(s.labelSelectorPath ? { selectorPath: simplePath(s.labelSelectorPath) } : {}),
  };
}

/** Object metadata rules every custom resource follows, then the schema's. */
function rulesOf(schemaRules: KindRules, namespaced: boolean): KindRules {
  // apimachinery's generic ObjectMeta validation: no core finalizer-name rule.
  const meta = (obj: KubeObject): FieldError[] => validateObjectMeta(obj.metadata, { namespaced, coreFinalizerNames: false });
  const metaUpdate = (obj: KubeObject, old: KubeObject): FieldError[] => validateObjectMetaUpdate(obj.metadata, old.metadata, undefined, { coreFinalizerNames: false });
  return {
    defaults: (obj) => schemaRules.defaults?.(obj),
    validate: (obj) => [...meta(obj), ...schemaRules.validate?.(obj) ?? []],
    validateUpdate: (obj, old) => [...meta(obj), ...metaUpdate(obj, old), ...schemaRules.validateUpdate?.(obj, old) ?? schemaRules.validate?.(obj) ?? []],
    validateStatusUpdate: (obj, old) => [...metaUpdate(obj, old), ...schemaRules.validateStatusUpdate?.(obj, old) ?? schemaRules.validate?.(obj) ?? []],
  };
}

/** spec.conversion of strategy Webhook as the server calls it (none for strategy None). */
function conversionWebhookOf(crd: CustomResourceDefinition): ConversionWebhookConfig | undefined {
  const c = crd.spec.conversion;
  if (c?.strategy !== 'Webhook' || !c.webhook?.clientConfig) return undefined;
  const cc = c.webhook.clientConfig;
  return {
    clientConfig: {
      ...(cc.url ? { url: cc.url } : {}),
      ...(cc.service ? { service: { namespace: cc.service.namespace, name: cc.service.name, ...(cc.service.path ? { path: cc.service.path } : {}), port: cc.service.port ?? 443 } } : {}),
      ...(cc.caBundle ? { caBundle: cc.caBundle } : {}),
    },
    conversionReviewVersions: c.webhook.conversionReviewVersions,
  };
}

/** The descriptors of the CRD's served versions (none unless it is established). */
export function customResourceDescriptors(crd: CustomResourceDefinition, schemaRules: SchemaRules = noSchemaRules): ResourceDescriptor[] {
  if (!isEstablished(crd)) return [];
  const group = crd.spec.group;
  const names = crd.status?.acceptedNames?.plural ? crd.status.acceptedNames : crd.spec.names;
  const namespaced = crd.spec.scope !== 'Cluster';
  const storage = storageVersion(crd);
  const webhook = conversionWebhookOf(crd);
  return crd.spec.versions.filter((v) => v.served).map((v) => {
    const hasStatus = v.subresources?.status !== undefined;
    const scale = scaleOf(v);
    const fromSchema = schemaRules(v.schema?.openAPIV3Schema, { namespaced, hasStatus });
    return {
      group, version: v.name, kind: names.kind, plural: names.plural, singular: names.singular || names.kind.toLowerCase(), namespaced,
      shortNames: names.shortNames ?? [], categories: names.categories ?? [],
      storage: { group, plural: names.plural, version: storage },
      ...(v.name !== storage ? { conversion: conversionTo(group, v.name, storage) } : {}),
      ...(webhook ? { conversionWebhook: webhook } : {}),
      hasStatus, ...(scale ? { scale } : {}), extraSubresources: [],
      tracksGeneration: true,
      rules: rulesOf(fromSchema, namespaced),
      ...(fromSchema.prune ? { pruneUnknownFields: fromSchema.prune } : {}),
      ...(fromSchema.patchMeta ? { patchMeta: fromSchema.patchMeta } : {}),
      selectableFields: selectableFieldGetters(v.selectableFields),
      verbs: allVerbs,
      persisted: true,
      custom: true,
      ...(v.deprecated ? { deprecationWarning: v.deprecationWarning ?? `${group}/${v.name} ${names.kind} is deprecated` } : {}),
      printer: customResourcePrinter((v.additionalPrinterColumns ?? []).map((c) => ({ name: c.name, type: c.type, jsonPath: c.jsonPath, ...(c.format ? { format: c.format } : {}), ...(c.description ? { description: c.description } : {}), ...(c.priority !== undefined ? { priority: c.priority } : {}) }))),
    };
  });
}
