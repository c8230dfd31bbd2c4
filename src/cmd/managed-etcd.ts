// `skiff server --cluster-init` and `skiff server --server URL --token T` (k3s's embedded HA): the server runs an
// etcd member of its own (storage/etcd/managed-member.ts) and uses it as its datastore. The first server starts a
// new cluster; a joining one takes the cluster's certificates from a server (its /skiff/v1/server-bootstrap, for
// the node token), adds its member through that server's etcd and starts it with the cluster it was given.
import { request } from 'node:https';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateEtcdPki, serverBootstrapPath, unseal, writeSharedFiles } from '../apiserver/index.js';
import { addMember, ManagedEtcdMember, memberExists, memberName, peerUrl } from '../storage/etcd/managed-member.js';
import type { Logger } from '../util/index.js';

export interface ManagedDatastore {
  member: ManagedEtcdMember;
  /** etcd://127.0.0.1:<client port> and the client certificate files, as --datastore and --datastore-* would give. */
  url: string;
  tls: { caFile: string; certFile: string; keyFile: string };
}

/** What a server answers a joining one (the sealed bootstrap data, base64, and etcd client URLs). */
export interface ServerBootstrapAnswer { sealed: string; etcdClientUrls: string[] }

function fetchBootstrap(server: string, token: string): Promise<ServerBootstrapAnswer> {
  const url = new URL(serverBootstrapPath, server);
  return new Promise((resolve, reject) => {
    // The cluster CA is what this request fetches: the answer is sealed with the token, which a server that is not
    // the cluster's cannot forge.
    const r = request(url, { rejectUnauthorized: false, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => {
        if (res.statusCode !== 200) { reject(new Error(`${server} answered ${res.statusCode} for the cluster's bootstrap data: is --token its node token?`)); return; }
        try { resolve(JSON.parse(body) as ServerBootstrapAnswer); } catch (e: unknown) { reject(e as Error); }
      });
    });
    r.on('error', (e) => reject(new Error(`cannot reach ${server}: ${e.message}`)));
    r.end();
  });
}

export async function startManagedDatastore(o: { dataDir: string; tlsDir: string; advertise: string; clientPort: number; peerPort: number; nodeName: string; join?: { server: string; token: string }; logger: Logger }): Promise<ManagedDatastore> {
  const dir = join(o.dataDir, 'db');
  let initialCluster: string | undefined;
  const joining = o.join && !memberExists(dir);
  let answer: ServerBootstrapAnswer | undefined;
  if (joining && o.join) {
    answer = await fetchBootstrap(o.join.server, o.join.token);
    const files = unseal(Buffer.from(answer.sealed, 'base64'), o.join.token);
    if (!files) throw new Error(`the bootstrap data of ${o.join.server} does not open with --token: give that cluster's node token`);
    writeSharedFiles(o.tlsDir, files);
  }
  // Members check a peer's certificate against the address it connects from: every address of this machine is in
  // it (a connection between two servers on one machine comes from the address it goes to).
  const machineIps = Object.values(networkInterfaces()).flatMap((l) => (l ?? []).filter((a) => a.family === 'IPv4').map((a) => a.address));
  const pki = await loadOrCreateEtcdPki(o.tlsDir, [o.advertise, ...machineIps]);
  const client = { caFile: pki.caFile, certFile: pki.clientCertFile, keyFile: pki.clientKeyFile };
  if (joining && answer) {
    const name = memberName(dir, o.nodeName);
    // etcd refuses a member while the last one added has not been connected for a while ("unhealthy cluster").
    for (let attempt = 0; ; attempt++) {
      try {
        initialCluster = addMember(answer.etcdClientUrls, client, name, peerUrl(o.advertise, o.peerPort));
        break;
      } catch (e: unknown) {
        if (attempt >= 60 || !/unhealthy cluster|unhealthy/.test(String((e as Error).message))) throw e;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    o.logger.info('added this server\'s etcd member to the cluster', { name, cluster: initialCluster });
  }
  const member = await ManagedEtcdMember.start({
    dir, advertiseAddress: o.advertise, clientPort: o.clientPort, peerPort: o.peerPort, namePrefix: o.nodeName,
    tls: { caFile: pki.caFile, certFile: pki.memberCertFile, keyFile: pki.memberKeyFile }, ...(initialCluster ? { initialCluster } : {}),
  });
  return { member, url: `etcd://${member.localEndpoint}`, tls: client };
}
