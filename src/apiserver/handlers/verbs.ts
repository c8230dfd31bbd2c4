// The verb check shared by the dedicated subresource handlers.
import { methodNotAllowed } from '../../api/index.js';
import type { SubresourceCall } from './types.js';

export function requireVerb(call: SubresourceCall, verbs: readonly string[]): void {
  if (!verbs.includes(call.info.verb)) throw methodNotAllowed(call.info.verb, { group: call.desc.group, resource: `${call.desc.plural}/${call.info.subresource}` });
}
