#!/usr/bin/env node
// The `skiff` binary: dispatches to subcommands.
import { runServer } from './server.js';
import { runAgent } from './agent.js';
import { runImages } from './images.js';
import { runKillall } from './killall.js';
import { runDatastore } from './datastore.js';
import { errorMessage } from '../util/index.js';

const usage = `Usage: skiff <command> [flags]

Commands:
  server    run the API server and controllers (see skiff server --help)
  agent     join a server as node(s) (see skiff agent --help)
  images    import image archives into a node's image store, or list it (see skiff images --help)
  killall   stop every pod, the container runtime and the pod network this machine's node left running
  datastore copy a stopped cluster's datastore into another one (see skiff datastore --help)
`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'server':
      return runServer(rest);
    case 'agent':
      return runAgent(rest);
    case 'images':
      return runImages(rest);
    case 'killall':
      return runKillall(rest);
    case 'datastore':
      return runDatastore(rest);
    case undefined:
    case '-h':
    case '--help':
      process.stdout.write(usage);
      return cmd === undefined ? 2 : 0;
    default:
      process.stderr.write(`Error: unknown command "${cmd}" for "skiff"\n\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`Error: ${errorMessage(e)}\n`);
    if (process.env["SKIFF_DEBUG"]) process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  },
);
