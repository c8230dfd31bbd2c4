// `skiff agent` flags: parsing and validation (pure; cmd/agent.ts does the I/O).
import { FlagError, parseGoDuration, scanFlags } from './server-flags.js';

export interface AgentFlags {
  /** The API server to join (https://host:port). */
  server: string;
  /** The node token the server wrote at first start (<data-dir>/tls/node-token), or read from tokenFile. */
  token: string | undefined;
  tokenFile: string | undefined;
  /** The cluster CA the server's certificate is checked against (<server data-dir>/tls/ca.crt). */
  caFile: string;
  /** Run N simulated nodes instead of a real node. */
  simulate: number;
  /** Number of the first simulated node: node-<first> … node-<first+N-1>, podCIDR 10.42.<i>.0/24. */
  simulateFirst: number;
  /** Lease renewal period of the simulated kubelets (ms). */
  renewIntervalMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  help: boolean;
}

export const agentUsage = `Usage: skiff agent [flags]

Joins a Skiff server as node(s). The agent talks to the server only through its API.

Flags:
  --server URL                the server to join, e.g. https://10.0.0.1:6443 (required)
  --token TOKEN               the node token the server wrote at first start (<data-dir>/tls/node-token)
  --token-file FILE           read the token from FILE instead
  --ca-file FILE              the cluster CA certificate (<server data-dir>/tls/ca.crt) (required)
  --simulate N                run N simulated nodes (kwok-style: no processes; pods turn Running/Ready)
  --simulate-first K          number of the first simulated node: node-K … node-(K+N-1) (default 1)
  --lease-renew-interval D    how often the simulated kubelets renew their leases (Go duration, default 10s)
  --log-level LEVEL           debug, info, warn or error (default info)
  -h, --help                  show this help
`;

const valued = new Set(['--server', '--token', '--token-file', '--ca-file', '--simulate', '--simulate-first', '--lease-renew-interval', '--log-level']);

export function parseAgentFlags(argv: readonly string[]): AgentFlags {
  const { raw, help } = scanFlags(argv, valued);
  const logLevel = raw.get('--log-level') ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) throw new FlagError(`invalid argument "${logLevel}" for "--log-level": must be debug, info, warn or error`);
  const base = { logLevel: logLevel as AgentFlags['logLevel'], help };
  if (help) return { server: '', token: undefined, tokenFile: undefined, caFile: '', simulate: 0, simulateFirst: 1, renewIntervalMs: 10_000, ...base };
  const server = raw.get('--server');
  if (!server) throw new FlagError('required flag "--server" not set');
  let url: URL;
  try { url = new URL(server); } catch { throw new FlagError(`invalid argument "${server}" for "--server": must be an https:// URL`); }
  if (url.protocol !== 'https:') throw new FlagError(`invalid argument "${server}" for "--server": must be an https:// URL`);
  const token = raw.get('--token');
  const tokenFile = raw.get('--token-file');
  if (!token && !tokenFile) throw new FlagError('one of "--token" or "--token-file" must be set');
  if (token && tokenFile) throw new FlagError('"--token" and "--token-file" cannot be used together');
  const caFile = raw.get('--ca-file');
  if (!caFile) throw new FlagError('required flag "--ca-file" not set');
  const simText = raw.get('--simulate');
  if (simText === undefined) {
    // A real node (runc, images, volumes, streaming, pod network) is the node-agent issue; until then say so.
    throw new FlagError('a real node agent is not available yet: run simulated nodes with --simulate N');
  }
  if (!/^\d+$/.test(simText) || Number(simText) < 1 || Number(simText) > 10_000) throw new FlagError(`invalid argument "${simText}" for "--simulate": must be a number between 1 and 10000`);
  const firstText = raw.get('--simulate-first') ?? '1';
  if (!/^\d+$/.test(firstText) || Number(firstText) < 1 || Number(firstText) + Number(simText) - 1 > 65_000) throw new FlagError(`invalid argument "${firstText}" for "--simulate-first": must be a positive number`);
  const renewText = raw.get('--lease-renew-interval') ?? '10s';
  const renewMs = parseGoDuration(renewText);
  if (renewMs === undefined || renewMs <= 0) throw new FlagError(`invalid argument "${renewText}" for "--lease-renew-interval": must be a positive duration such as 10s`);
  return { server: url.origin, token, tokenFile, caFile, simulate: Number(simText), simulateFirst: Number(firstText), renewIntervalMs: renewMs, ...base };
}
