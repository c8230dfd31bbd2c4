// Fields Skiff serves beyond the Kubernetes 1.32 types, from enhancement proposals it implements ahead of
// upstream; scripts/gen-schema.ts merges them into definitions.json (client-node has no model for them).
type Schema = Record<string, unknown>;

const statefulSetVolumeClaimTemplateStatus = 'io.k8s.api.apps.v1.StatefulSetVolumeClaimTemplateStatus';

/** Extra properties per upstream definition name. */
export const proposedFields: Readonly<Record<string, Readonly<Record<string, Schema>>>> = {
  // KEP-4650 (StatefulSet Support for Updating Volume Claim Template).
  'io.k8s.api.apps.v1.StatefulSetSpec': {
    volumeClaimUpdatePolicy: {
      description: 'volumeClaimUpdatePolicy says how changes to volumeClaimTemplates reach existing claims (KEP-4650). `OnClaimDelete` (the default) leaves existing claims alone: only claims created later use the new templates. `InPlace` patches the claims of existing replicas (a larger storage request), from the highest ordinal down, before their pods are updated.',
      type: 'string',
    },
  },
  'io.k8s.api.apps.v1.StatefulSetStatus': {
    volumeClaimTemplates: {
      description: 'volumeClaimTemplates reports, per template, the claims of the replicas in range when volumeClaimUpdatePolicy is InPlace (KEP-4650).',
      type: 'array',
      items: { $ref: `#/definitions/${statefulSetVolumeClaimTemplateStatus}` },
    },
  },
};

/** Extra definitions the proposed fields refer to. */
export const proposedDefinitions: Readonly<Record<string, Schema>> = {
  [statefulSetVolumeClaimTemplateStatus]: {
    type: 'object',
    description: 'The claims made from one volumeClaimTemplate (KEP-4650).',
    properties: {
      templateName: { description: 'The name of the volumeClaimTemplate.', type: 'string' },
      compatible: { description: 'Claims whose status.capacity is at least the template\'s storage request.', type: 'integer', format: 'int32' },
      updating: { description: 'Claims being expanded: their storage request is above their status.capacity.', type: 'integer', format: 'int32' },
      overSized: { description: 'Claims whose status.capacity is above the template\'s storage request.', type: 'integer', format: 'int32' },
      totalCapacity: { description: 'The sum of the claims\' status.capacity.storage.', $ref: '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity' },
    },
    required: ['templateName', 'compatible', 'updating', 'overSized', 'totalCapacity'],
  },
};
