// `skiff datastore migrate` flags (pure; cmd/datastore.ts does the copy with storage's migrateStore).
import { resolve } from 'node:path';
import { FlagError, scanFlags } from './flag-scan.js';

/** One end of a migration: a datastore URL as `skiff server --datastore` takes it, and its etcd TLS files. */
export interface DatastoreEnd {
  url: string;
  tls: { caFile?: string; certFile?: string; keyFile?: string };
}

export interface DatastoreMigrateFlags {
  command: 'migrate';
  from: DatastoreEnd;
  to: DatastoreEnd;
  help: boolean;
}

export const datastoreUsage = `Usage: skiff datastore migrate --from URL --to URL [flags]

Copies a cluster's whole datastore (every key, as of one revision) into another, empty one, keeping the order
of resourceVersions: objects are written in the order they were last written in the source, so an object with
a smaller resourceVersion than another keeps a smaller one (the numbers themselves are the target's own).
The source is only read. Then start \`skiff server --datastore <the --to URL>\` with the same --data-dir (its
certificates and service account keys belong with the data) and the same --encryption-provider-config, if any.

Stop the server using the source first, and its agents; start them again once the new server runs (the
resourceVersions they hold are the old datastore's). A SQLite source (and target) is held exclusively during
the copy: a server still running on it is refused, and a server cannot start on it meanwhile. Nothing can
lock etcd: a copy that sees the source's keys change fails.

URLs: sqlite:///absolute/path.db, sqlite://relative/path.db, etcd://host:2379[,host:2379…][/prefix]
(memory:// holds nothing outside the process that used it).

The target must be empty: a SQLite path that does not exist yet, a new etcd cluster, or an unused key prefix
(etcd://host:2379/new-prefix).

Flags:
  --from URL                  the datastore to copy (required)
  --to URL                    the empty datastore to fill (required)
  --from-cafile FILE          CA of the source's etcd members (TLS)
  --from-certfile FILE        client certificate for the source's etcd
  --from-keyfile FILE         client key for the source's etcd
  --to-cafile FILE            CA of the target's etcd members (TLS)
  --to-certfile FILE          client certificate for the target's etcd
  --to-keyfile FILE           client key for the target's etcd
  -h, --help                  show this help
`;

const tlsFields = [['cafile', 'caFile'], ['certfile', 'certFile'], ['keyfile', 'keyFile']] as const;
const valued = new Set((['from', 'to'] as const).flatMap((end) => [`--${end}`, ...tlsFields.map(([flag]) => `--${end}-${flag}`)]));

export function parseDatastoreFlags(argv: readonly string[]): DatastoreMigrateFlags {
  const [command, ...rest] = argv;
  const help = command === undefined || command === '-h' || command === '--help';
  const { raw, help: asked } = scanFlags(help ? [] : rest, valued);
  const none: DatastoreEnd = { url: '', tls: {} };
  if (help || asked) return { command: 'migrate', from: none, to: none, help: true };
  if (command !== 'migrate') throw new FlagError(`unknown command "${command}" for "skiff datastore"`);
  return { command, from: parseEnd(raw, 'from'), to: parseEnd(raw, 'to'), help: false };
}

/**
 * Why --from and --to cannot be migrated between, or undefined: the same datastore (after making SQLite paths
 * absolute), or etcd:// on the same members where one key prefix contains the other. A refusal, not a usage error.
 */
export function sameDatastoreProblem(from: DatastoreEnd, to: DatastoreEnd): string | undefined {
  if (from.url === to.url) return `--from and --to are the same datastore "${from.url}": migrate into another, empty one`;
  if (overlaps(from.url, to.url)) return `--from "${from.url}" and --to "${to.url}" share keys (the same etcd members, one key prefix inside the other): give the target a key prefix outside the source's`;
  return undefined;
}

function parseEnd(raw: ReadonlyMap<string, string>, end: 'from' | 'to'): DatastoreEnd {
  const flag = `--${end}`;
  const url = raw.get(flag);
  if (url === undefined) throw new FlagError(`${flag} is required`);
  if (/^memory:\/\/|^sqlite:\/\/:memory:$/.test(url)) throw new FlagError(`invalid argument "${url}" for "${flag}": an in-memory datastore holds nothing outside the process that uses it`);
  if (!/^(sqlite|etcd):\/\/./.test(url)) throw new FlagError(`invalid argument "${url}" for "${flag}": must be sqlite://<path> or etcd://host:port[,host:port…][/prefix]`);
  const tls: DatastoreEnd['tls'] = {};
  for (const [name, field] of tlsFields) {
    const v = raw.get(`${flag}-${name}`);
    if (v === '') throw new FlagError(`invalid argument "" for "${flag}-${name}": must be a file path`);
    if (v !== undefined) tls[field] = resolve(v);
  }
  if (url.startsWith('sqlite://') && Object.keys(tls).length > 0) throw new FlagError(`${flag}-cafile/-certfile/-keyfile are for etcd, not "${url}"`);
  return { url: canonicalUrl(url), tls };
}

/**
 * Whether two canonical etcd:// URLs share keys: the same members (in any order, port 2379 when absent) and one
 * key prefix starting with the other (an etcd prefix is a plain string prefix).
 */
function overlaps(a: string, b: string): boolean {
  const ea = etcdParts(a);
  const eb = etcdParts(b);
  if (!ea || !eb || ea.members !== eb.members) return false;
  return ea.prefix.startsWith(eb.prefix) || eb.prefix.startsWith(ea.prefix);
}

function etcdParts(url: string): { members: string; prefix: string } | undefined {
  const m = /^etcd:\/\/([^/]*)(\/.*)?$/.exec(url);
  if (!m) return undefined;
  const members = (m[1] ?? '').split(',').filter((hp) => hp !== '').map((hp) => (/:\d+$/.test(hp) ? hp : `${hp}:2379`)).sort();
  return { members: members.join(','), prefix: m[2] ?? '' };
}

/** sqlite:// with an absolute path (so a relative and an absolute spelling compare equal); etcd:// without a trailing slash. */
function canonicalUrl(url: string): string {
  if (url.startsWith('sqlite://')) return `sqlite://${resolve(url.slice('sqlite://'.length))}`;
  return url.replace(/\/+$/, '');
}
