// Accept-header negotiation: plain JSON, server-side Table, PartialObjectMetadata, aggregated discovery.

export type Rendering = 'object' | 'table' | 'partial';

interface MediaRange { type: string; params: Record<string, string> }

export function parseAccept(accept: string | undefined): MediaRange[] {
  if (!accept) return [];
  return accept.split(',').map((part) => {
    const [type, ...ps] = part.split(';').map((s) => s.trim());
    const params: Record<string, string> = {};
    for (const p of ps) {
      const i = p.indexOf('=');
      if (i > 0) params[p.slice(0, i).trim()] = p.slice(i + 1).trim();
    }
    return { type: (type ?? '').toLowerCase(), params };
  });
}

/** What a GET/LIST/WATCH should render, from the first Accept entry we can serve. */
export function rendering(accept: string | undefined): Rendering {
  for (const r of parseAccept(accept)) {
    if (r.params['as'] === 'Table' && r.params['g'] === 'meta.k8s.io' && (r.params['v'] === 'v1' || r.params['v'] === 'v1beta1')) return 'table';
    if ((r.params['as'] === 'PartialObjectMetadata' || r.params['as'] === 'PartialObjectMetadataList') && r.params['g'] === 'meta.k8s.io') return 'partial';
    if (r.type === 'application/json' || r.type === '*/*' || r.type === 'application/vnd.kubernetes.protobuf' || r.type === 'application/yaml') {
      if (!r.params['as']) return 'object';
    }
  }
  return 'object';
}

/** True when the client asked for aggregated discovery (apidiscovery.k8s.io v2 or v2beta1). */
export function wantsAggregatedDiscovery(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  for (const r of parseAccept(accept)) {
    if (r.params['as'] === 'APIGroupDiscoveryList' && r.params['g'] === 'apidiscovery.k8s.io') {
      if (r.params['v'] === 'v2') return 'v2';
      if (r.params['v'] === 'v2beta1') return 'v2beta1';
    }
    if (r.type === 'application/json' && !r.params['as']) return undefined;
  }
  return undefined;
}

/** The media types objects are served in (upstream's 406 lists them). */
export const servedMediaTypes = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'] as const;

/** False when the client sent an Accept header none of whose ranges we can serve (upstream answers 406). */
export function acceptsServed(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return parseAccept(accept).some((r) => r.type === '*/*' || r.type === 'application/*' || (servedMediaTypes as readonly string[]).includes(r.type));
}
