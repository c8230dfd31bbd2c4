// LimitRange constraints on one resource of a container, pod or claim (upstream limitranger min/max/ratio),
// with upstream's messages. Values compare at milli precision, as upstream does for every realistic quantity.
import type { Quantity } from '../resource/quantity.js';

export type Quantities = Readonly<Record<string, Quantity>>;

/** request ≥ min and limit ≥ min; a missing request breaks a min. */
export function minConstraint(type: string, name: string, min: Quantity, requests: Quantities, limits: Quantities): string | undefined {
  const req = requests[name];
  const lim = limits[name];
  if (!req) return `minimum ${name} usage per ${type} is ${min.toString()}.  No request is specified`;
  if (req.milliValue() < min.milliValue()) return `minimum ${name} usage per ${type} is ${min.toString()}, but request is ${req.toString()}`;
  if (lim && lim.milliValue() < min.milliValue()) return `minimum ${name} usage per ${type} is ${min.toString()}, but limit is ${lim.toString()}`;
  return undefined;
}

/** limit ≤ max and request ≤ max; a missing limit breaks a max. */
export function maxConstraint(type: string, name: string, max: Quantity, requests: Quantities, limits: Quantities): string | undefined {
  const req = requests[name];
  const lim = limits[name];
  if (!lim) return `maximum ${name} usage per ${type} is ${max.toString()}.  No limit is specified`;
  if (lim.milliValue() > max.milliValue()) return `maximum ${name} usage per ${type} is ${max.toString()}, but limit is ${lim.toString()}`;
  if (req && req.milliValue() > max.milliValue()) return `maximum ${name} usage per ${type} is ${max.toString()}, but request is ${req.toString()}`;
  return undefined;
}

/** For kinds without limits (claims): request ≤ max, and a request is required. */
export function maxRequestConstraint(type: string, name: string, max: Quantity, requests: Quantities): string | undefined {
  const req = requests[name];
  if (!req) return `maximum ${name} usage per ${type} is ${max.toString()}.  No request is specified`;
  if (req.milliValue() > max.milliValue()) return `maximum ${name} usage per ${type} is ${max.toString()}, but request is ${req.toString()}`;
  return undefined;
}

/** limit / request ≤ ratio; both must be set and non-zero. The ratio prints as Go's %f. */
export function limitRequestRatioConstraint(type: string, name: string, ratio: Quantity, requests: Quantities, limits: Quantities): string | undefined {
  const req = requests[name]?.milliValue() ?? 0n;
  const lim = limits[name]?.milliValue() ?? 0n;
  if (req === 0n) return `${name} max limit to request ratio per ${type} is ${ratio.toString()}, but no request is specified or request is 0`;
  if (lim === 0n) return `${name} max limit to request ratio per ${type} is ${ratio.toString()}, but no limit is specified or limit is 0`;
  const observed = Number(lim) / Number(req);
  if (observed * 1000 > Number(ratio.milliValue())) return `${name} max limit to request ratio per ${type} is ${ratio.toString()}, but provided ratio is ${observed.toFixed(6)}`;
  return undefined;
}

/** Upstream utilerrors aggregate text: one message as is, several de-duplicated in brackets. */
export function aggregateMessages(messages: readonly string[]): string | undefined {
  const unique = [...new Set(messages)];
  if (messages.length === 0) return undefined;
  if (messages.length === 1 || unique.length === 1) return unique[0];
  return `[${unique.join(', ')}]`;
}
