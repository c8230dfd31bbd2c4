// Parsing `etcd://host:port[,host:port…][/prefix]` datastore URLs (pure).

export interface EtcdEndpoints {
  /** host:port of each member, in the order given (the client fails over in that order). */
  readonly endpoints: string[];
  /** The key prefix (the URL's path, without a trailing slash; '' when absent). */
  readonly keyPrefix: string;
}

/**
 * `etcd://127.0.0.1:2379`, `etcd://a:2379,b:2379,c:2379`, `etcd://a:2379/tenant-a` (keys under /tenant-a).
 * A member without a port gets etcd's client port 2379. Throws Error on an empty or malformed URL.
 */
export function parseEtcdUrl(url: string): EtcdEndpoints {
  const m = /^etcd:\/\/([^/]*)(\/.*)?$/.exec(url);
  if (!m || !m[1]) throw new Error(`Cannot open datastore "${url}": expected etcd://host:port[,host:port…][/prefix]`);
  const endpoints = m[1].split(',').map((hp) => hp.trim()).filter((hp) => hp !== '').map((hp) => {
    if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(hp)) throw new Error(`Cannot open datastore "${url}": "${hp}" is not host:port`);
    return /:\d{1,5}$/.test(hp) ? hp : `${hp}:2379`;
  });
  if (endpoints.length === 0) throw new Error(`Cannot open datastore "${url}": no etcd endpoint`);
  const path = (m[2] ?? '').replace(/\/+$/, '');
  return { endpoints, keyPrefix: path };
}
