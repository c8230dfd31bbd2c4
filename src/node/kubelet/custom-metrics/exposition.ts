// The Prometheus text exposition format (0.0.4) read into flat samples: what a node keeps of a pod's scrape.
// Summaries and histograms become their component series. Strict like Prometheus: a malformed line fails the
// whole text, so an endpoint reads the same here as in a Prometheus server. Pure.
import type { MetricSample } from '../../../api/index.js';
import { LineCursor, parseSampleValue, parseTimestampMs, seriesKey } from './series-text.js';

/** A sample as the text gave it; `timestampMs` when the line carried one. */
export interface ExposedSample extends MetricSample {
  timestampMs?: number;
}

type FamilyType = 'counter' | 'gauge' | 'untyped' | 'summary' | 'histogram';
const familyTypes: readonly FamilyType[] = ['counter', 'gauge', 'untyped', 'summary', 'histogram'];
const suffixes = ['_bucket', '_sum', '_count'] as const;

/** The `# TYPE` lines seen so far, and the sample names, to check that a TYPE comes first and only once. */
class Families {
  readonly #types = new Map<string, FamilyType>();
  readonly #helped = new Set<string>();
  readonly #sampled = new Set<string>();

  help(name: string): void {
    if (this.#helped.has(name)) throw new SyntaxError(`second HELP line for metric "${name}"`);
    this.#helped.add(name);
  }

  declare(name: string, type: FamilyType): void {
    if (this.#types.has(name)) throw new SyntaxError(`second TYPE line for metric "${name}"`);
    const series = type === 'summary' || type === 'histogram' ? [name, ...suffixes.map((s) => name + s)] : [name];
    if (series.some((s) => this.#sampled.has(s))) throw new SyntaxError(`the TYPE line for metric "${name}" comes after its samples`);
    this.#types.set(name, type);
  }

  /**
   * The type of a sample: its TYPE, or for `<summary|histogram>_sum|_count` and `<histogram>_bucket` counter (they
   * are cumulative); a summary's quantile is a gauge. A quantile without `quantile`, a bucket without `le`, or a
   * histogram sample without suffix throws.
   */
  sampleType(name: string, labels: Record<string, string>): MetricSample['type'] {
    this.#sampled.add(name);
    const own = this.#types.get(name);
    if (own === 'summary') {
      requireNumberLabel(name, labels, 'quantile');
      return 'gauge';
    }
    if (own === 'histogram') throw new SyntaxError(`histogram "${name}" has a sample without the _bucket, _sum or _count suffix`);
    if (own !== undefined) return own;
    for (const suffix of suffixes) {
      if (!name.endsWith(suffix)) continue;
      const base = this.#types.get(name.slice(0, -suffix.length));
      if (base === 'histogram' || (base === 'summary' && suffix !== '_bucket')) {
        if (suffix === '_bucket') requireNumberLabel(name, labels, 'le');
        return 'counter';
      }
    }
    return 'untyped';
  }
}

function requireNumberLabel(name: string, labels: Record<string, string>, label: string): void {
  const v = labels[label];
  if (v === undefined) throw new SyntaxError(`sample "${name}" has no "${label}" label`);
  if (parseSampleValue(v) === undefined) throw new SyntaxError(`sample "${name}" has ${label}="${v}", not a number`);
}

/** `# HELP name ...`, `# TYPE name type`, or any other comment. */
function readComment(c: LineCursor, families: Families): void {
  c.blanks();
  const keyword = c.token();
  if (keyword !== 'HELP' && keyword !== 'TYPE') return;
  if (!c.blanks()) throw c.error(`a metric name after ${keyword}`);
  const name = c.metricName();
  if (keyword === 'HELP') {
    // The docstring is not kept; anything may follow a blank.
    if (!c.atEnd && !c.blanks()) throw c.error('a blank after the metric name');
    families.help(name);
    return;
  }
  if (!c.blanks()) throw c.error('a blank and a type after the metric name');
  const type = (c.token() ?? '').toLowerCase();
  if (!familyTypes.includes(type as FamilyType)) throw new SyntaxError(`unknown metric type "${type}" for "${name}"`);
  c.blanks();
  if (!c.atEnd) throw c.error('the end of the TYPE line');
  families.declare(name, type as FamilyType);
}

function readSample(c: LineCursor, families: Families): ExposedSample {
  const name = c.metricName();
  const blankAfterName = c.blanks();
  const labels = c.peek() === '{' ? c.labels() : undefined;
  // After a label set the value may follow at once (as Go's parser allows); after a bare name a blank must come.
  if (labels === undefined && !blankAfterName && !c.atEnd) throw c.error(`a blank after the metric name "${name}"`);
  c.blanks();
  const valueText = c.token();
  if (valueText === undefined) throw c.error(`a value for "${name}"`);
  const value = parseSampleValue(valueText);
  if (value === undefined) throw new SyntaxError(`"${valueText}" is not a sample value`);
  c.blanks();
  const tsText = c.token();
  let timestampMs: number | undefined;
  if (tsText !== undefined) {
    timestampMs = parseTimestampMs(tsText);
    if (timestampMs === undefined) throw new SyntaxError(`"${tsText}" is not a timestamp in milliseconds`);
    c.blanks();
    if (!c.atEnd) throw c.error('the end of the sample');
  }
  const type = families.sampleType(name, labels ?? {});
  return { name, labels: labels ?? {}, value, type, ...(timestampMs !== undefined ? { timestampMs } : {}) };
}

/**
 * The samples of a text exposition, in the order given. Blank lines and comments are skipped; a line may end in
 * CRLF. A series given twice keeps its first sample, as Prometheus appends only the first. Throws a SyntaxError
 * naming the line for anything malformed: a bad name, label set, value or timestamp, an unknown type, a second
 * HELP or TYPE for a name, a TYPE after the samples it types, a quantile without `quantile`, a bucket without `le`.
 */
export function parseExposition(text: string): ExposedSample[] {
  const families = new Families();
  const samples: ExposedSample[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const c = new LineCursor(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    c.blanks();
    if (c.atEnd) continue;
    try {
      if (c.take('#')) {
        readComment(c, families);
        continue;
      }
      const sample = readSample(c, families);
      const key = seriesKey(sample.name, sample.labels);
      if (seen.has(key)) continue;
      seen.add(key);
      samples.push(sample);
    } catch (e: unknown) {
      if (e instanceof SyntaxError) throw new SyntaxError(`Cannot parse the metrics at line ${i + 1}: ${e.message}`, { cause: e });
      throw e;
    }
  }
  return samples;
}
