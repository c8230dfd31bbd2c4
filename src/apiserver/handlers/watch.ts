// WATCH over HTTP: newline-delimited events from the watch cache, selector transitions, Table rows, bookmarks.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gvString, type ApiError, type KubeObject, type ResourceDescriptor } from '../../api/index.js';
import type { Clock } from '../../util/index.js';
import type { GenericStore } from '../registry/generic-store.js';
import type { ListOptions } from '../registry/list-options.js';
import type { CacheEvent, WatchEventType } from '../watch-cache/watch-cache.js';
import { commonHeaders, toApiError } from '../http/respond.js';
import { jsonOf } from '../http/json-cache.js';
import type { Rendering } from '../http/negotiate.js';
import { objectPredicate } from './filter.js';
import { partialObjectMetadata, toTable, type IncludeObject } from './table.js';

export interface WatchRequest {
  readonly desc: ResourceDescriptor;
  readonly store: GenericStore;
  readonly namespace: string;
  readonly options: ListOptions;
  readonly rendering: Rendering;
  readonly include: IncludeObject;
  readonly clock: Clock;
  /** Interval between bookmarks when the client allows them. */
  readonly bookmarkIntervalMs?: number;
}

function transition(ev: CacheEvent, matches: (o: KubeObject) => boolean): WatchEventType | undefined {
  switch (ev.type) {
    case 'ADDED':
      return matches(ev.object) ? 'ADDED' : undefined;
    case 'DELETED':
      return matches(ev.prev ?? ev.object) ? 'DELETED' : undefined;
    case 'MODIFIED': {
      const now = matches(ev.object);
      const before = ev.prev ? matches(ev.prev) : false;
      if (now && before) return 'MODIFIED';
      if (now) return 'ADDED';
      if (before) return 'DELETED';
      return undefined;
    }
    default: {
      const never: never = ev.type;
      return never;
    }
  }
}

export function serveWatch(req: IncomingMessage, res: ServerResponse, w: WatchRequest): void {
  const { desc, store, namespace, options } = w;
  const matches = objectPredicate(desc, options.labelSelector, options.fieldSelector);
  const prefix = store.prefix(namespace);
  res.writeHead(200, { ...commonHeaders, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  let headerSent = false;
  const render = (served: KubeObject): KubeObject => {
    if (w.rendering === 'table') {
      const t = toTable(desc, [served], { include: w.include, now: w.clock.now(), noHeaders: headerSent });
      headerSent = true;
      return t;
    }
    if (w.rendering === 'partial') return partialObjectMetadata(served);
    return served;
  };
  const write = (type: string, object: KubeObject): void => {
    res.write(`{"type":${JSON.stringify(type)},"object":${jsonOf(object)}}\n`);
  };
  const writeError = (e: ApiError): void => {
    write('ERROR', e.toStatus() as unknown as KubeObject);
  };
  let sub: Disposable | undefined;
  const timers: Disposable[] = [];
  // A CRD with a conversion webhook converts each event asynchronously: events (and bookmarks) then go out through
  // one queue, in order. Everything else is converted and written synchronously.
  let queue: Promise<void> | undefined;
  const emit = (type: string, stored: KubeObject | undefined, direct?: KubeObject): void => {
    if (desc.conversionWebhook === undefined && queue === undefined) {
      write(type, direct ?? render(store.fromStorageLocal(desc, stored!)));
      return;
    }
    queue = (queue ?? Promise.resolve()).then(async () => {
      const object = direct ?? render(await store.fromStorage(desc, stored!));
      if (!res.writableEnded) write(type, object);
    }).catch((e: unknown) => {
      if (res.writableEnded) return;
      writeError(toApiError(e));
      res.end();
      close();
    });
  };
  const close = (): void => {
    sub?.[Symbol.dispose]();
    for (const t of timers) t[Symbol.dispose]();
    timers.length = 0;
  };
  res.on('close', close);
  const fromRv = options.resourceVersion === '' ? 0 : Number(options.resourceVersion);
  try {
    sub = store.cache.watch(fromRv, (ev) => {
      if (!ev.key.startsWith(prefix)) return;
      const t = transition(ev, matches);
      if (!t) return;
      emit(t, ev.object);
    });
  } catch (e: unknown) {
    // Too-old versions (410) and any other failure end the stream with an ERROR event, as upstream.
    writeError(toApiError(e));
    res.end();
    close();
    return;
  }
  if (options.allowWatchBookmarks) {
    const every = w.bookmarkIntervalMs ?? 15_000;
    const tick = (): void => {
      if (res.writableEnded) return;
      emit('BOOKMARK', undefined, { kind: desc.kind, apiVersion: gvString(desc), metadata: { resourceVersion: String(store.cache.resourceVersion) } });
      timers.push(w.clock.setTimeout(tick, every));
    };
    timers.push(w.clock.setTimeout(tick, every));
  }
  if (options.timeoutSeconds > 0) {
    timers.push(w.clock.setTimeout(() => { res.end(); close(); }, options.timeoutSeconds * 1000));
  }
  req.socket.setTimeout(0);
}
