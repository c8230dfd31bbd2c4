#!/usr/bin/env node
// `kubectl-skiff`: Skiff's kubectl plugin (kubectl runs it for `kubectl skiff …` when it is on PATH).
// `why` fetches a pod or claim and what explains it through the API, then prints cli/why's explanation.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import type { Event, Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { ApiError, isForbidden, lookupResource, podClaimNames, type ResourceDescriptor } from '../api/index.js';
import { Client, HttpsTransport } from '../client/index.js';
import {
  explain, kubeconfigPaths, KubeconfigError, parsePluginArgs, resolveKubeconfig, UsageError, type ClusterConnection, type ClusterState, type Material, type WhyCommand,
} from '../cli/index.js';
import { errorMessage } from '../util/index.js';

const resource = (group: string, plural: string): ResourceDescriptor => lookupResource(group, 'v1', plural)!;
const pods = resource('', 'pods');
const claims = resource('', 'persistentvolumeclaims');

const read = (m: Material | undefined): string | undefined => (m === undefined ? undefined : 'data' in m ? m.data : readFileSync(m.file, 'utf8'));

/** The connection kubectl would use: --kubeconfig, else $KUBECONFIG's files that exist, else ~/.kube/config. */
function connection(cmd: WhyCommand): ClusterConnection {
  const paths = kubeconfigPaths(cmd.kubeconfig, process.env['KUBECONFIG'], homedir());
  if (cmd.kubeconfig && !existsSync(cmd.kubeconfig)) throw new KubeconfigError(`stat ${cmd.kubeconfig}: no such file or directory`);
  return resolveKubeconfig(paths.filter((p) => existsSync(p)).map((path) => ({ path, text: readFileSync(path, 'utf8') })), { context: cmd.context });
}

function clientFor(conn: ClusterConnection): { client: Client; close: () => void } {
  if (!conn.server.startsWith('https://')) throw new KubeconfigError(`server "${conn.server}": kubectl skiff speaks HTTPS only`);
  const [ca, cert, key, token] = [read(conn.ca), read(conn.cert), read(conn.key), read(conn.token)?.trim()];
  const transport = new HttpsTransport({
    server: conn.server, ...(ca !== undefined ? { ca } : {}), ...(cert !== undefined ? { cert } : {}), ...(key !== undefined ? { key } : {}), ...(token ? { token } : {}),
    insecureSkipTlsVerify: conn.insecureSkipTlsVerify, userAgent: 'kubectl-skiff/v0.1.0',
  });
  return { client: new Client({ transport, fieldManager: 'kubectl-skiff' }), close: () => transport.close() };
}

/** A list's items as the kubernetes-types type of the resource (the wire is where the shapes meet). */
async function listOf<T>(client: Client, r: ResourceDescriptor, namespace?: string, opts: { fieldSelector?: string } = {}): Promise<T[]> {
  return (await client.list(r, namespace, opts)).items as unknown as T[];
}

/** The events of one object of the namespace (the API filters by kind and name; cli/why by uid). */
async function eventsOf(client: Client, namespace: string, kind: string, name: string): Promise<Event[]> {
  return listOf<Event>(client, resource('', 'events'), namespace, { fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}` });
}

/**
 * Everything the explanation of the object reads: nodes, every pod, the namespace's claims, volumes, classes,
 * events. A cluster-scoped list the credentials may not read is left empty and reported as unreadable (a
 * namespace's user still gets the rest); pods then come from the namespace alone.
 */
async function stateFor(client: Client, namespace: string, obj: Pod | PersistentVolumeClaim, kind: 'Pod' | 'PersistentVolumeClaim'): Promise<ClusterState> {
  const unreadable: string[] = [];
  const orEmpty = async <T>(r: ResourceDescriptor, list: Promise<T[]>): Promise<T[]> => {
    try {
      return await list;
    } catch (e: unknown) {
      if (!isForbidden(e)) throw e;
      unreadable.push(r.plural);
      return [];
    }
  };
  const cluster = <T>(r: ResourceDescriptor): Promise<T[]> => orEmpty(r, listOf<T>(client, r));
  const [nodes, allPods, namespaceClaims, volumes, classes] = await Promise.all([
    cluster<Node>(resource('', 'nodes')), listOf<Pod>(client, pods).catch((e: unknown) => (isForbidden(e) ? listOf<Pod>(client, pods, namespace) : Promise.reject(e))),
    listOf<PersistentVolumeClaim>(client, claims, namespace), cluster<PersistentVolume>(resource('', 'persistentvolumes')),
    cluster<StorageClass>(resource('storage.k8s.io', 'storageclasses')),
  ]);
  const name = obj.metadata?.name ?? '';
  const claimNames = kind === 'Pod' ? podClaimNames(obj as Pod) : [];
  const events = (await Promise.all([eventsOf(client, namespace, kind, name), ...claimNames.map((c) => eventsOf(client, namespace, 'PersistentVolumeClaim', c))])).flat();
  return { now: new Date(), nodes, pods: allPods, claims: namespaceClaims, volumes, classes, events, unreadable };
}

async function why(cmd: WhyCommand): Promise<number> {
  const conn = connection(cmd);
  const namespace = cmd.namespace ?? conn.namespace;
  const { client, close } = clientFor(conn);
  try {
    const obj = await client.get<Pod | PersistentVolumeClaim>(cmd.resource === 'pods' ? pods : claims, namespace, cmd.name);
    const state = await stateFor(client, namespace, obj, cmd.resource === 'pods' ? 'Pod' : 'PersistentVolumeClaim');
    process.stdout.write(`${explain(cmd.resource, obj, state).join('\n')}\n`);
    return 0;
  } finally {
    close();
  }
}

const isConnectionRefused = (e: unknown): e is Error & { address?: string; port?: number } => e instanceof Error && 'code' in e && e.code === 'ECONNREFUSED';

/** kubectl's wording for what went wrong, on stderr; the exit code (1, as kubectl's errors). */
function report(e: unknown): number {
  if (e instanceof UsageError) process.stderr.write(`error: ${e.message}\nSee '${e.command} --help' for usage.\n`);
  else if (e instanceof ApiError) process.stderr.write(`Error from server (${e.reason}): ${e.message}\n`);
  else if (e instanceof KubeconfigError) process.stderr.write(`error: ${e.message}\n`);
  else if (isConnectionRefused(e)) process.stderr.write(`The connection to the server ${e.address ?? ''}:${e.port ?? ''} was refused - did you specify the right host or port?\n`);
  else process.stderr.write(`error: ${errorMessage(e)}\n`);
  return 1;
}

async function main(argv: readonly string[]): Promise<number> {
  const cmd = parsePluginArgs(argv);
  if (cmd.kind === 'help') {
    process.stdout.write(cmd.text);
    return 0;
  }
  return why(cmd);
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e: unknown) => process.exit(report(e)));
