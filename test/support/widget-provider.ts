// A small in-process API group provider used only by tests: widgets.test.skiff.io/v1alpha1 serves namespaced
// Widgets (get, list; a printer of its own) and cluster-scoped Gadgets (get, list, create; the default
// table), from memory. It records who asked, to prove the server passes the authenticated user.
import { badRequest, notFound, type ApiGroupProvider, type KubeObject, type ProviderRequest, type ProviderUser } from '../../src/api/index.js';

export const widgetGroup = 'widgets.test.skiff.io';
export const widgetVersion = 'v1alpha1';
const apiVersion = `${widgetGroup}/${widgetVersion}`;
const pkg = 'io.skiff.test.widgets.v1alpha1';
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';

export interface WidgetProvider extends ApiGroupProvider {
  /** Users of the requests handled so far, oldest first. */
  readonly seenUsers: ProviderUser[];
}

export function widgetProvider(now: () => Date = () => new Date()): WidgetProvider {
  const created = '2024-01-01T00:00:00Z';
  const widgets: KubeObject[] = [
    { apiVersion, kind: 'Widget', metadata: { name: 'sprocket', namespace: 'default', creationTimestamp: created, labels: { tier: 'a' } }, spec: { color: 'red' } },
    { apiVersion, kind: 'Widget', metadata: { name: 'cog', namespace: 'kube-system', creationTimestamp: created }, spec: { color: 'blue' } },
  ];
  const gadgets: KubeObject[] = [{ apiVersion, kind: 'Gadget', metadata: { name: 'lever', creationTimestamp: created } }];
  const seenUsers: ProviderUser[] = [];
  const nameOf = (o: KubeObject): string => String(o.metadata?.['name'] ?? '');
  const nsOf = (o: KubeObject): string => String(o.metadata?.['namespace'] ?? '');

  async function handle(r: ProviderRequest): Promise<KubeObject> {
    seenUsers.push(r.user);
    const pool = r.resource === 'widgets' ? widgets : gadgets;
    const kind = r.resource === 'widgets' ? 'Widget' : 'Gadget';
    switch (r.verb) {
      case 'list': {
        const items = pool.filter((o) => r.namespace === '' || nsOf(o) === r.namespace);
        return { apiVersion, kind: `${kind}List`, metadata: { resourceVersion: '1' }, items };
      }
      case 'get': {
        const hit = pool.find((o) => nameOf(o) === r.name && (r.namespace === '' || nsOf(o) === r.namespace));
        if (!hit) throw notFound({ group: widgetGroup, resource: r.resource }, r.name);
        return hit;
      }
      case 'create': {
        const body = r.body as KubeObject;
        if (!nameOf(body)) throw badRequest('name is required');
        const obj: KubeObject = { ...body, apiVersion, kind, metadata: { ...body.metadata, creationTimestamp: now().toISOString().replace(/\.\d{3}Z$/, 'Z') } };
        pool.push(obj);
        return obj;
      }
      default:
        throw badRequest(`verb ${r.verb} is not served`);
    }
  }

  return {
    group: widgetGroup,
    version: widgetVersion,
    priority: { groupPriorityMinimum: 1000, versionPriority: 15 },
    seenUsers,
    resources: [
      {
        name: 'widgets', singularName: 'widget', kind: 'Widget', namespaced: true, verbs: ['get', 'list'], shortNames: ['wdg'],
        printer: {
          columns: [{ name: 'Name', type: 'string', format: 'name', description: '', priority: 0 }, { name: 'Color', type: 'string', format: '', description: '', priority: 0 }],
          cells: (o) => [String((o['metadata'] as { name?: string } | undefined)?.name ?? ''), String((o['spec'] as { color?: string } | undefined)?.color ?? '')],
        },
      },
      { name: 'gadgets', singularName: 'gadget', kind: 'Gadget', namespaced: false, verbs: ['get', 'list', 'create'] },
    ],
    schemas: {
      [`${pkg}.Widget`]: {
        type: 'object', description: 'A widget served by the test provider.',
        properties: {
          apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { $ref: `#/definitions/${meta}.ObjectMeta` },
          spec: { type: 'object', description: 'What the widget looks like.', properties: { color: { type: 'string', description: 'The color of the widget.' } } },
        },
        'x-kubernetes-group-version-kind': [{ group: widgetGroup, version: widgetVersion, kind: 'Widget' }],
      },
      [`${pkg}.WidgetList`]: {
        type: 'object', properties: { items: { type: 'array', items: { $ref: `#/definitions/${pkg}.Widget` } }, metadata: { $ref: `#/definitions/${meta}.ListMeta` } },
        'x-kubernetes-group-version-kind': [{ group: widgetGroup, version: widgetVersion, kind: 'WidgetList' }],
      },
    },
    handle,
  };
}
