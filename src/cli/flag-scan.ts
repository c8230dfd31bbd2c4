// The flag convention every `skiff` command parses by: `--flag value`, `--flag=value`, boolean `--flag`, and
// FlagError for what the user typed wrong (pure).

export class FlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagError';
  }
}

/** Scans `--flag value`, `--flag=value` and boolean `--flag` arguments; -h/--help sets help. Unknown flags are errors. */
export function scanFlags(argv: readonly string[], valuedFlags: ReadonlySet<string>, booleanFlags: ReadonlySet<string> = new Set()): { raw: Map<string, string>; help: boolean } {
  const raw = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') { help = true; continue; }
    let name = a;
    let value: string | undefined;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) { name = a.slice(0, eq); value = a.slice(eq + 1); }
    if (booleanFlags.has(name)) {
      if (value !== undefined && value !== 'true' && value !== 'false') throw new FlagError(`invalid argument "${value}" for "${name}": must be true or false`);
      raw.set(name, value ?? 'true');
      continue;
    }
    if (!valuedFlags.has(name)) throw new FlagError(`unknown flag: ${name}`);
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new FlagError(`flag needs an argument: ${name}`);
    }
    raw.set(name, value);
  }
  return { raw, help };
}
