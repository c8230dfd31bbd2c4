// One etcd watch on its own gRPC stream: created, then event batches, until canceled or cancel().
import type { EtcdClient } from './etcd-client.js';
import type { PbEvent, PbWatchResponse } from './etcd-proto.js';

export interface EtcdWatchRequest {
  readonly key: Uint8Array;
  readonly range_end: Uint8Array;
  /** First revision to deliver (inclusive). */
  readonly start_revision: number;
  /** Ask etcd for progress notifications (an empty response whose header revision everything up to was sent). */
  readonly progress_notify?: boolean;
}

export interface EtcdWatchHandlers {
  /** The watch is set up; `revision` is etcd's current revision at that moment. */
  created(revision: number): void;
  /** A batch of events, in revision order. */
  events(events: PbEvent[]): void;
  /** A progress notification: every event of the range up to `revision` has been delivered. */
  progress?(revision: number): void;
  /** The watch ended: compacted (history before compactRevision is gone) or the stream failed. */
  ended(reason: { compactRevision: number; error?: Error }): void;
}

export interface EtcdWatch {
  cancel(): void;
}

export function openWatch(client: EtcdClient, request: EtcdWatchRequest, on: EtcdWatchHandlers): EtcdWatch {
  const stream = client.watch<object, PbWatchResponse>();
  let done = false;
  const end = (compactRevision: number, error?: Error) => {
    if (done) return;
    done = true;
    stream.cancel();
    on.ended({ compactRevision, ...(error ? { error } : {}) });
  };
  stream.on('data', (res: PbWatchResponse) => {
    if (done) return;
    if (res.created) on.created(res.header.revision);
    if (res.events.length > 0) on.events(res.events);
    else if (!res.created && !res.canceled) on.progress?.(res.header.revision);
    if (res.canceled) end(res.compact_revision, res.compact_revision ? undefined : new Error(`etcd canceled the watch: ${res.cancel_reason || 'no reason given'}`));
  });
  stream.on('error', (err: Error) => end(0, err));
  stream.on('end', () => end(0, new Error('etcd closed the watch stream')));
  stream.write({ create_request: { ...request, prev_kv: true } });
  return { cancel: () => { done = true; stream.cancel(); } };
}
