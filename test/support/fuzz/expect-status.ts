// The fuzz suite's oracle: every hostile request is answered with an allowed 4xx and a Kubernetes Status (never a
// 5xx, a hang or a dropped connection), and the server still answers /readyz and /api after each batch.
import assert from 'node:assert/strict';
import { caseRng, type Rng } from './random.js';
import type { Reply, Sent } from './wire.js';
import type { FuzzServer } from './fuzz-server.js';

/** The answers hostile input may get (the issue's list). */
export const hostileCodes: readonly number[] = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 429];

export interface FuzzCase {
  readonly name: string;
  readonly request: Sent;
  /** Codes this case may get; hostileCodes when absent. */
  readonly allow?: readonly number[];
  /** The input may be valid after all (a random mutation that kept the object valid): a 2xx is fine too. */
  readonly mayPass?: boolean;
  /** An open finding (listed in docs/status.md): its problem is reported, not failed, until the server is fixed. */
  readonly knownIssue?: string;
  /** An extra check of the reply; returns what is wrong, if anything. */
  readonly check?: (reply: Reply) => string | undefined;
}

/** A reply's Status body, if its body is one. */
export function statusOf(reply: Reply): { kind?: unknown; apiVersion?: unknown; code?: unknown; reason?: unknown; message?: unknown } | undefined {
  try {
    const v = JSON.parse(reply.body.toString('utf8')) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function acceptsJson(headers: Sent['headers']): boolean {
  const raw = headers?.['accept'] ?? headers?.['Accept'];
  if (raw === undefined) return true;
  const accept = (Array.isArray(raw) ? raw.join(',') : raw).toLowerCase();
  return accept.includes('json') || accept.includes('*/*') || accept.includes('application/*');
}

/** Slower than this is a hang (the CI budget of the whole suite is ~60 s). */
const slowMs = 5_000;

/** What is wrong with `reply` to `c`, or undefined. */
export function problemWith(c: FuzzCase, reply: Reply): string | undefined {
  if (reply.ms > slowMs) return `answered after ${reply.ms} ms`;
  if (c.mayPass && reply.code >= 200 && reply.code < 300) return c.check?.(reply);
  const allowed = c.allow ?? hostileCodes;
  if (!allowed.includes(reply.code)) return `answered ${reply.code}, expected one of ${allowed.join(', ')}${c.mayPass ? ' or 2xx' : ''}: ${reply.body.toString('utf8').slice(0, 300)}`;
  // A reply to HEAD has no body; 429 from the max-in-flight filter is plain text, as upstream.
  if (acceptsJson(c.request.headers) && reply.code !== 429 && c.request.method !== 'HEAD') {
    const st = statusOf(reply);
    if (!st || st.kind !== 'Status' || st.apiVersion !== 'v1' || st.code !== reply.code || typeof st.reason !== 'string' || st.reason === '') {
      return `answered ${reply.code} without a Status (content-type ${reply.contentType}): ${reply.body.toString('utf8').slice(0, 300)}`;
    }
  }
  return c.check?.(reply);
}

function describe(c: FuzzCase): string {
  const r = c.request;
  const body = r.body ? ` body(${r.body.length}B)=${JSON.stringify(r.body.subarray(0, 160).toString('latin1'))}` : '';
  return `${r.method ?? 'GET'} ${r.path.slice(0, 200)}${r.path.length > 200 ? '…' : ''} headers=${JSON.stringify(r.headers ?? {}).slice(0, 300)}${body}`;
}

/** Asserts the server still serves: /readyz without credentials and /api with them. */
export async function assertResponsive(server: FuzzServer): Promise<void> {
  const ready = await server.send({ path: '/readyz', token: '' });
  assert.equal(ready.code, 200, `GET /readyz answered ${ready.code} after the batch`);
  const api = await server.send({ path: '/api' });
  assert.equal(api.code, 200, `GET /api answered ${api.code} after the batch`);
}

export interface BatchOptions {
  readonly seed: number;
  /** The batch's name (part of the replay key). */
  readonly batch: string;
  readonly fixed?: readonly FuzzCase[];
  readonly random?: { readonly count: number; readonly make: (rng: Rng, index: number) => FuzzCase };
  /** Requests in flight at once. */
  readonly concurrency?: number;
}

/**
 * Runs the batch's fixed cases then its random ones, and fails with every problem found (each with the seed that
 * replays it: SKIFF_FUZZ_SEED=<seed>), after checking that the server stays responsive.
 */
export async function runBatch(server: FuzzServer, o: BatchOptions): Promise<void> {
  // Known issues (fixed cases; some are slow on purpose: a denial-of-service finding) run alone after the rest, so
  // they cannot hold up the replies whose time is checked. Random cases are made when they run.
  const fixed = (o.fixed ?? []).map((c, i) => ({ label: `fixed #${i}`, make: () => c, known: c.knownIssue !== undefined }));
  const cases: { label: string; make: () => FuzzCase }[] = [
    ...fixed.filter((c) => !c.known),
    ...Array.from({ length: o.random?.count ?? 0 }, (_, i) => ({ label: `random #${i}`, make: () => o.random!.make(caseRng(o.seed, o.batch, i), i) })),
    ...fixed.filter((c) => c.known),
  ];
  const concurrent = cases.length - fixed.filter((c) => c.known).length;
  const problems: string[] = [];
  const known: string[] = [];
  const run = async (index: number): Promise<void> => {
    const { label, make } = cases[index]!;
    const c = make();
    let problem: string | undefined;
    try {
      problem = problemWith(c, await server.send(c.request));
    } catch (e: unknown) {
      problem = `no reply: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (problem && c.knownIssue) known.push(`[${o.batch} ${label} "${c.name}"] known issue (${c.knownIssue}): ${problem.slice(0, 200)}`);
    else if (problem) problems.push(`[${o.batch} ${label} "${c.name}"] ${problem}\n    request: ${describe(c)}`);
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < concurrent) await run(next++);
  };
  await Promise.all(Array.from({ length: o.concurrency ?? 4 }, worker));
  for (let i = concurrent; i < cases.length; i++) await run(i);
  await assertResponsive(server);
  for (const k of known) process.stdout.write(`# ${k.replace(/\n/g, ' ')}\n`);
  if (problems.length) assert.fail(`${problems.length} of ${cases.length} cases failed (replay with SKIFF_FUZZ_SEED=${o.seed}):\n${problems.slice(0, 20).join('\n')}`);
}
