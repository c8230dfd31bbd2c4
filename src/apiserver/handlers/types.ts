// Types shared by the resource handler and the dedicated subresource handlers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceDescriptor } from '../../api/index.js';
import type { Clock } from '../../util/index.js';
import type { ResourceRequest } from '../http/request-info.js';
import type { GenericStore } from '../registry/generic-store.js';
import type { UserInfo } from '../registry/context.js';

export interface SubresourceCall {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly info: ResourceRequest;
  readonly query: URLSearchParams;
  readonly user: UserInfo;
  readonly desc: ResourceDescriptor;
  readonly deps: ResourceHandlerDeps;
}

export type SubresourceHandler = (call: SubresourceCall) => Promise<void>;

export interface ResourceHandlerDeps {
  readonly clock: Clock;
  storeFor(desc: ResourceDescriptor): GenericStore;
  lookup(group: string, version: string, plural: string): ResourceDescriptor | undefined;
  /** Dedicated handlers keyed by `<plural>/<subresource>`, or `<plural>` for create-only kinds. */
  readonly subresources: ReadonlyMap<string, SubresourceHandler>;
}
