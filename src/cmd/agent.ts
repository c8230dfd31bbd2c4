// `skiff agent`: joins a server over its HTTPS API with the node token. For now it runs simulated nodes
// (--simulate N); the real node (runc, images, volumes) is not available yet and says so.
import { readFileSync } from 'node:fs';
import { Client, HttpsTransport, InformerFactory } from '../client/index.js';
import { agentUsage, parseAgentFlags } from '../cli/index.js';
import { startSimulatedNodes } from '../node/index.js';
import { flagsOrExit } from './flags.js';
import { createLogger, realClock, DisposableStore } from '../util/index.js';

export async function runAgent(argv: readonly string[]): Promise<number> {
  const flags = flagsOrExit(argv, parseAgentFlags, agentUsage);
  if (typeof flags === 'number') return flags;
  const logger = createLogger({ level: flags.logLevel });
  const owned = new DisposableStore();
  const token = flags.token ?? readFileSync(flags.tokenFile!, 'utf8').trim();
  const transport = new HttpsTransport({ server: flags.server, ca: readFileSync(flags.caFile, 'utf8'), token, userAgent: 'skiff-agent/v0.1.0' });
  owned.defer(() => transport.close());
  const client = new Client({ transport, fieldManager: 'skiff-agent' });
  // Fail fast with the server's answer when the token or the server is wrong.
  await client.list({ group: '', version: 'v1', plural: 'nodes', namespaced: false, kind: 'Node' }, undefined, { labelSelector: 'skiff.io/none=none' });
  const informers = owned.add(new InformerFactory({ client, clock: realClock, logger }));
  const ctx = { client, informers, clock: realClock, logger };
  owned.add(await startSimulatedNodes(ctx, { count: flags.simulate, first: flags.simulateFirst, renewIntervalMs: flags.renewIntervalMs }));
  const last = flags.simulateFirst + flags.simulate - 1;
  process.stdout.write(`Skiff agent joined ${flags.server} with simulated nodes node-${flags.simulateFirst} … node-${last}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  logger.info('shutting down');
  await owned[Symbol.asyncDispose]();
  return 0;
}
