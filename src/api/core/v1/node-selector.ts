// Node selector matching (upstream nodeaffinity.NodeSelector): terms are ORed, the requirements of one
// term ANDed; used by PV node affinity in the binder and by the scheduler's NodeAffinity filter.
import type { NodeSelector, NodeSelectorRequirement, NodeSelectorTerm } from 'kubernetes-types/core/v1.js';

/** What a node selector is matched against: the node's name and labels. */
export interface NodeIdentity {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

function matchesRequirement(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In': return value !== undefined && values.includes(value);
    case 'NotIn': return value === undefined || !values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0]!)) return false;
      const [n, m] = [BigInt(value), BigInt(values[0]!)];
      return r.operator === 'Gt' ? n > m : n < m;
    }
    default: return false;
  }
}

/** A term with neither matchExpressions nor matchFields matches no node (upstream). */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: NodeIdentity): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const r of exprs) if (!matchesRequirement(r, node.labels[r.key])) return false;
  for (const r of fields) if (r.key !== 'metadata.name' || !matchesRequirement(r, node.name)) return false;
  return true;
}

/** True when some term matches. An absent selector matches every node; an empty term list matches none. */
export function nodeSelectorMatches(selector: NodeSelector | undefined, node: NodeIdentity): boolean {
  if (!selector) return true;
  return selector.nodeSelectorTerms.some((t) => nodeSelectorTermMatches(t, node));
}
