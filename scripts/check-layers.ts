// Fails when a source file imports across the layer rules of style.md §3, or when imports form a cycle.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const layer: Record<string, number> = { util: 0, api: 1, storage: 1, apiserver: 2, client: 2, controllers: 3, scheduler: 3, node: 3, dns: 3, metrics: 3, cli: 3, cmd: 4 };
const forbidden: Record<string, string[]> = {
  api: ['storage'], storage: ['api'], apiserver: ['client'], client: ['apiserver', 'storage'],
  controllers: ['apiserver', 'storage', 'scheduler', 'node', 'dns', 'metrics', 'cli'], scheduler: ['apiserver', 'storage', 'controllers', 'node', 'dns', 'metrics', 'cli'],
  node: ['apiserver', 'storage', 'controllers', 'scheduler', 'dns', 'metrics', 'cli'], dns: ['apiserver', 'storage', 'controllers', 'scheduler', 'node', 'metrics', 'cli'],
  metrics: ['apiserver', 'storage', 'controllers', 'scheduler', 'node', 'dns', 'cli'],
  cli: ['apiserver', 'storage', 'controllers', 'scheduler', 'node', 'dns', 'metrics'],
};

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const problems: string[] = [];
const graph = new Map<string, string[]>();
for (const file of walk(root)) {
  const rel = relative(root, file);
  const top = rel.split('/')[0]!;
  const text = readFileSync(file, 'utf8');
  const deps: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)) {
    const spec = m[1]!;
    const target = relative(root, resolve(dirname(file), spec)).replace(/\.js$/, '.ts');
    const ttop = target.split('/')[0]!;
    deps.push(target);
    // Production code never imports fakes, not even from inside the same layer (fake/ itself may).
    if (target.includes('/fake/') && !rel.includes('/fake/')) problems.push(`${rel}: production code must not import ${target}`);
    if (ttop === top) continue;
    if (!(ttop in layer)) continue;
    if ((layer[ttop] ?? 0) > (layer[top] ?? 0) || forbidden[top]?.includes(ttop)) problems.push(`${rel}: must not import ${target} (${top} → ${ttop})`);
  }
  graph.set(rel, deps);
}

// Cycle detection over file imports (type-only imports included: they still couple modules).
const state = new Map<string, 1 | 2>();
const stack: string[] = [];
function visit(n: string): void {
  if (state.get(n) === 2) return;
  if (state.get(n) === 1) {
    const i = stack.indexOf(n);
    problems.push(`import cycle: ${[...stack.slice(i), n].join(' → ')}`);
    return;
  }
  state.set(n, 1);
  stack.push(n);
  for (const d of graph.get(n) ?? []) if (graph.has(d)) visit(d);
  stack.pop();
  state.set(n, 2);
}
for (const n of graph.keys()) visit(n);

if (problems.length) {
  process.stderr.write(`Layer check failed:\n${[...new Set(problems)].map((p) => `  ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`Layer check passed (${graph.size} files)\n`);
