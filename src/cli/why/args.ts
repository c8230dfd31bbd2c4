// `kubectl skiff` arguments, as kubectl plugins take them (kubectl passes everything after the plugin's name):
// the subcommand, `TYPE/NAME` or `TYPE NAME`, and kubectl's own -n/--namespace, --kubeconfig and --context,
// which a plugin must honour itself. Usage errors read like kubectl's and exit 1. Pure.
import { resources } from '../../api/index.js';

export class UsageError extends Error {
  /** The command whose --help the error points to. */
  readonly command: string;
  constructor(message: string, command: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

export type ExplainedResource = 'pods' | 'persistentvolumeclaims';

export interface WhyCommand {
  readonly kind: 'why';
  readonly resource: ExplainedResource;
  readonly name: string;
  /** -n/--namespace; undefined: the kubeconfig context's namespace, else default. */
  readonly namespace: string | undefined;
  readonly kubeconfig: string | undefined;
  readonly context: string | undefined;
}

export type PluginCommand = WhyCommand | { readonly kind: 'help'; readonly text: string };

export const pluginUsage = `Skiff's kubectl plugin.

Available Commands:
  why         Explain why a pod or a PersistentVolumeClaim is Pending

Usage:
  kubectl skiff <command> [flags]

Use "kubectl skiff <command> --help" for more information about a command.
`;

export const whyUsage = `Explain why a pod or a PersistentVolumeClaim is Pending, on one screen: the scheduler's verdict and each
node's reason, the claims the pod waits for, the StorageClass, provisioner and PersistentVolumes the binder
considered, and the latest events.

Examples:
  kubectl skiff why pod/web-0
  kubectl skiff why pvc www-web-0 -n shop

Flags:
  -n, --namespace NAME   the namespace of the object (default: the kubeconfig context's, else default)
      --kubeconfig FILE  the kubeconfig to use (default: $KUBECONFIG, else ~/.kube/config)
      --context NAME     the kubeconfig context to use (default: its current-context)
  -h, --help             show this help

Usage:
  kubectl skiff why (TYPE/NAME | TYPE NAME) [flags]
`;

const explained: Record<string, ExplainedResource> = {
  pod: 'pods', pods: 'pods', po: 'pods',
  persistentvolumeclaim: 'persistentvolumeclaims', persistentvolumeclaims: 'persistentvolumeclaims', pvc: 'persistentvolumeclaims',
};

/** The resource a TYPE names, or a usage error: kubectl's for a type nobody serves, ours for one we do not explain. */
function resourceOf(type: string): ExplainedResource {
  const t = type.toLowerCase();
  const found = explained[t];
  if (found) return found;
  const known = resources.find((r) => r.plural === t || r.singular === t || r.kind.toLowerCase() === t || r.shortNames.includes(t));
  if (!known) throw new UsageError(`the server doesn't have a resource type "${type}"`, 'kubectl skiff why');
  const gr = known.group ? `${known.plural}.${known.group}` : known.plural;
  throw new UsageError(`kubectl skiff why explains pods and persistentvolumeclaims, not ${gr}`, 'kubectl skiff why');
}

const valued: Record<string, 'namespace' | 'kubeconfig' | 'context'> = { '-n': 'namespace', '--namespace': 'namespace', '--kubeconfig': 'kubeconfig', '--context': 'context' };

/** Splits flags (kubectl's spellings: `-n x`, `-n=x`, `-nx`, `--namespace x`, `--namespace=x`) from positional arguments. */
function scan(argv: readonly string[], command: string): { positional: string[]; flags: Partial<Record<'namespace' | 'kubeconfig' | 'context', string>>; help: boolean } {
  const positional: string[] = [];
  const flags: Partial<Record<'namespace' | 'kubeconfig' | 'context', string>> = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (a === '-h' || a === '--help') { help = true; continue; }
    if (!a.startsWith('-') || a === '-') { positional.push(a); continue; }
    const eq = a.indexOf('=');
    let name = eq > 0 ? a.slice(0, eq) : a;
    let value = eq > 0 ? a.slice(eq + 1) : undefined;
    if (!a.startsWith('--') && a.length > 2 && eq < 0) { name = a.slice(0, 2); value = a.slice(2); }
    const key = valued[name];
    if (!key) throw new UsageError(`unknown ${a.startsWith('--') ? 'flag' : 'shorthand flag'}: ${a.startsWith('--') ? name : `'${name.slice(1)}' in ${a}`}`, command);
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`flag needs an argument: ${name.startsWith('--') ? `--${key}` : `'${name.slice(1)}' in ${name}`}`, command);
    }
    flags[key] = value;
  }
  return { positional, flags, help };
}

/** The command `kubectl skiff ARGS` asks for; throws UsageError for what kubectl would call a usage error. */
export function parsePluginArgs(argv: readonly string[]): PluginCommand {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') return { kind: 'help', text: pluginUsage };
  if (sub !== 'why') throw new UsageError(`unknown command "${sub}" for "kubectl skiff"`, 'kubectl skiff');
  const { positional, flags, help } = scan(rest, 'kubectl skiff why');
  if (help) return { kind: 'help', text: whyUsage };
  let type: string;
  let name: string;
  if (positional.length === 1 && positional[0]!.includes('/')) {
    const [t, n, ...more] = positional[0]!.split('/');
    if (more.length > 0 || !t || !n) throw new UsageError(`arguments in resource/name form must have a single resource and name`, 'kubectl skiff why');
    [type, name] = [t, n];
  } else if (positional.length === 2 && !positional.some((p) => p.includes('/'))) {
    [type, name] = [positional[0]!, positional[1]!];
  } else if (positional.length === 0) {
    throw new UsageError('you must specify the object to explain: TYPE/NAME or TYPE NAME', 'kubectl skiff why');
  } else if (positional.length === 1) {
    throw new UsageError(`you must specify the name of the ${positional[0]} to explain`, 'kubectl skiff why');
  } else {
    throw new UsageError(`kubectl skiff why explains one object, got ${positional.length} arguments: ${positional.join(' ')}`, 'kubectl skiff why');
  }
  if (flags.namespace === '') throw new UsageError('a namespace must be given as a non-empty string', 'kubectl skiff why');
  return { kind: 'why', resource: resourceOf(type), name, namespace: flags.namespace, kubeconfig: flags.kubeconfig, context: flags.context };
}
