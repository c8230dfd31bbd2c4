// `skiff datastore migrate`: opens both datastores (SQLite ones held exclusively) and copies one into the other
// with storage's migrateStore, then prints what it copied.
import { performance } from 'node:perf_hooks';
import { datastoreUsage, parseDatastoreFlags, sameDatastoreProblem, type DatastoreEnd } from '../cli/index.js';
import { MigrateError, migrateStore, openStore, type Store } from '../storage/index.js';
import { errorMessage } from '../util/index.js';
import { flagsOrExit } from './flags.js';

export async function runDatastore(argv: readonly string[]): Promise<number> {
  const flags = flagsOrExit(argv, parseDatastoreFlags, datastoreUsage);
  if (typeof flags === 'number') return flags;
  const fail = (message: string): number => {
    process.stderr.write(`Error: ${message}\n`);
    return 1;
  };
  const same = sameDatastoreProblem(flags.from, flags.to);
  if (same) return fail(same);
  const open = async (end: DatastoreEnd, role: 'source' | 'target'): Promise<Store | string> => {
    try {
      return await openStore(end.url, { ...end.tls, exclusive: true, mustExist: role === 'source' });
    } catch (e: unknown) {
      return `${errorMessage(e)} (the ${role}, ${role === 'source' ? '--from' : '--to'})`;
    }
  };
  const source = await open(flags.from, 'source');
  if (typeof source === 'string') return fail(source);
  const target = await open(flags.to, 'target');
  if (typeof target === 'string') {
    await source.close();
    return fail(target);
  }
  const ac = new AbortController();
  const onSignal = (): void => ac.abort(new Error('interrupted by a signal'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const t0 = performance.now();
    const r = await migrateStore(source, target, { signal: ac.signal });
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write(`Copied ${r.keys} keys (${formatBytes(r.bytes)} of values) from ${flags.from.url} at revision ${r.sourceRevision} `
      + `to ${flags.to.url} (revisions ${r.firstTargetRevision}–${r.lastTargetRevision}) in ${seconds.toFixed(2)}s\n`
      + `Start the server with --datastore ${flags.to.url} and the same --data-dir.\n`);
    return 0;
  } catch (e: unknown) {
    if (!(e instanceof MigrateError)) throw e;
    return fail(refusal(e, flags.from.url, flags.to.url));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await target.close();
    await source.close();
  }
}

/** The message for a refused or stopped migration, with what to do next. */
function refusal(e: MigrateError, from: string, to: string): string {
  switch (e.code) {
    case 'TargetNotEmpty':
      return `cannot migrate into ${to}: ${e.message}. Migrate into an empty datastore: a SQLite path that does not exist yet, `
        + 'a new etcd cluster, or an unused key prefix (etcd://host:2379/new-prefix)';
    case 'SourceEmpty':
      return `cannot migrate from ${from}: ${e.message}; is it the right URL (path, key prefix)?`;
    case 'SourceChanged':
    case 'Interrupted':
      return `migration from ${from} to ${to} failed: ${e.message}. ${e.written} keys were written: empty the target before trying again`;
    default: {
      const never: never = e.code;
      return never;
    }
  }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
