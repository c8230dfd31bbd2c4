// ResourceDescriptor: everything the generic machinery needs to serve one kind at one version.
import type { KindRules, KubeObject } from './meta/kind-rules.js';
import type { TablePrinter } from './printers/columns.js';
import type { PatchMeta } from './patch/patch-meta.js';

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

/** Where `/scale` reads and writes replicas, and how it renders the selector. */
export interface ScaleSubresource {
  readonly specReplicasPath: readonly string[];
  readonly statusReplicasPath: readonly string[];
  /**
   * 'labelSelector': spec.selector is a metav1.LabelSelector; 'map': a plain map (ReplicationController);
   * 'path': the serialized selector string at selectorPath (a CRD's labelSelectorPath), none when absent.
   */
  readonly selectorKind: 'labelSelector' | 'map' | 'path';
  readonly selectorPath?: readonly string[];
}

/** A subresource served by a dedicated handler (log, exec, binding, ...), listed in discovery. */
export interface ExtraSubresource {
  readonly name: string;
  readonly kind: string;
  readonly group?: string;
  readonly version?: string;
  readonly verbs: readonly string[];
  /**
   * Served by the generic handler as a write of status (like /status) that the kind's strategy narrows to the part
   * it owns (certificatesigningrequests/approval: the conditions), instead of by a dedicated handler.
   */
  readonly writesStatus?: boolean;
}

/** Two versions served from one stored representation convert through these. */
export interface VersionConversion {
  /** Served version → storage version. */
  toStorage(obj: KubeObject): KubeObject;
  /** Storage version → served version. */
  fromStorage(obj: KubeObject): KubeObject;
}

/** A CRD's conversion webhook (spec.conversion.webhook) as the API server calls it. */
export interface ConversionWebhookConfig {
  readonly clientConfig: {
    readonly url?: string;
    readonly service?: { readonly namespace: string; readonly name: string; readonly path?: string; readonly port?: number };
    readonly caBundle?: string;
  };
  /** ConversionReview versions the webhook accepts, in its order of preference. */
  readonly conversionReviewVersions: readonly string[];
}

export interface ResourceDescriptor extends GroupVersionKind {
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  /** The resource whose store this version reads and writes (same group/plural unless served from another group). */
  readonly storage: { readonly group: string; readonly plural: string; readonly version: string };
  /** Present when this version is not the storage version. */
  readonly conversion?: VersionConversion;
  /** A CRD whose spec.conversion.strategy is Webhook: objects change version through its webhook, not locally. */
  readonly conversionWebhook?: ConversionWebhookConfig;
  readonly hasStatus: boolean;
  readonly scale?: ScaleSubresource;
  readonly extraSubresources: readonly ExtraSubresource[];
  /** metadata.generation is maintained (bumped when anything but metadata and status changes). */
  readonly tracksGeneration: boolean;
  readonly rules: KindRules;
  /** Field selector fields beyond metadata.name/metadata.namespace, each extracting a string value. */
  readonly selectableFields: Readonly<Record<string, (obj: KubeObject) => string>>;
  /** Verbs served on the main resource. */
  readonly verbs: readonly string[];
  /** When false, the kind is create-only and not persisted (reviews). */
  readonly persisted: boolean;
  /** Sent as a Warning with every request to this version (a CRD version marked deprecated). */
  readonly deprecationWarning?: string;
  /** Served for a CustomResourceDefinition: no strategic merge patch (upstream: 415), JSON only. */
  readonly custom?: boolean;
  /** How `kubectl get` prints it, when not by its group and kind's printer (custom resources). */
  readonly printer?: TablePrinter;
  /**
   * Drops the fields its schema does not declare and returns their paths (custom resources' structural pruning),
   * when not by the built-in OpenAPI definitions. Mutates obj.
   */
  readonly pruneUnknownFields?: (obj: KubeObject) => string[];
  /** What server-side apply merges by, when not by the built-in OpenAPI definitions (custom resources' schemas). */
  readonly patchMeta?: PatchMeta;
}

export const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

export function gvString(g: { group: string; version: string }): string {
  return g.group ? `${g.group}/${g.version}` : g.version;
}
