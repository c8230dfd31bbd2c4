// The pieces of a Prometheus text sample line (exposition format 0.0.4): metric and label names, a label set with
// its escapes, values (NaN, ±Inf) and timestamps. Shared by the exposition parser and the simulated nodes'
// skiff.io/simulate-metrics annotation. Pure.

const metricNameRe = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const labelNameRe = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const blanksRe = /[ \t]+/y;
const tokenRe = /[^ \t]+/y;
const decimalRe = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const infinityRe = /^([+-]?)inf(?:inity)?$/i;

/** A read position in one line; every failure is a SyntaxError whose message says what was expected. */
export class LineCursor {
  readonly #line: string;
  #pos = 0;

  constructor(line: string) {
    this.#line = line;
  }

  get atEnd(): boolean {
    return this.#pos >= this.#line.length;
  }

  get rest(): string {
    return this.#line.slice(this.#pos);
  }

  peek(): string | undefined {
    return this.#line[this.#pos];
  }

  /** Skips spaces and tabs; whether there were any. */
  blanks(): boolean {
    return this.#sticky(blanksRe) !== undefined;
  }

  /** Consumes `c` when it comes next. */
  take(c: string): boolean {
    if (this.#line[this.#pos] !== c) return false;
    this.#pos++;
    return true;
  }

  metricName(): string {
    const name = this.#sticky(metricNameRe);
    if (name === undefined) throw this.error('a metric name');
    return name;
  }

  /** The next run of non-blank characters, or undefined at the end. */
  token(): string | undefined {
    return this.#sticky(tokenRe);
  }

  /**
   * `{name="value", ...}` (the cursor on the "{"): a trailing comma is allowed, blanks around the parts too. A
   * value unescapes \\, \" and \n; any other escape, a repeated name or a missing quote throws. Empty values
   * are left out, as Prometheus treats `a=""` as no label `a`.
   */
  labels(): Record<string, string> {
    const entries: [string, string][] = [];
    if (!this.take('{')) throw this.error('"{"');
    for (;;) {
      this.blanks();
      if (this.take('}')) break;
      const name = this.#sticky(labelNameRe);
      if (name === undefined) throw this.error('a label name or "}"');
      if (entries.some(([n]) => n === name)) throw new SyntaxError(`label "${name}" appears twice`);
      this.blanks();
      if (!this.take('=')) throw this.error(`"=" after label "${name}"`);
      this.blanks();
      const value = this.#quoted(name);
      if (value !== '') entries.push([name, value]);
      this.blanks();
      if (this.take('}')) break;
      if (!this.take(',')) throw this.error('"," or "}" after a label value');
    }
    // fromEntries defines own properties, so a label named __proto__ stays a label.
    return Object.fromEntries(entries);
  }

  #quoted(label: string): string {
    if (!this.take('"')) throw this.error(`a quoted value for label "${label}"`);
    let value = '';
    for (;;) {
      const c = this.#line[this.#pos++];
      if (c === undefined) throw new SyntaxError(`the value of label "${label}" has no closing quote`);
      if (c === '"') return value;
      if (c !== '\\') { value += c; continue; }
      const e = this.#line[this.#pos++];
      if (e === '\\' || e === '"') value += e;
      else if (e === 'n') value += '\n';
      else throw new SyntaxError(`the value of label "${label}" has an invalid escape "\\${e ?? ''}"`);
    }
  }

  #sticky(re: RegExp): string | undefined {
    re.lastIndex = this.#pos;
    const m = re.exec(this.#line);
    if (!m) return undefined;
    this.#pos = re.lastIndex;
    return m[0];
  }

  /** "expected X, found Y" at the current position. */
  error(expected: string): SyntaxError {
    const found = this.atEnd ? 'the end of the line' : `"${this.#line.slice(this.#pos, this.#pos + 12)}"`;
    return new SyntaxError(`expected ${expected}, found ${found}`);
  }
}

/** A sample value as Go's ParseFloat reads it (decimal, exponent, NaN, ±Inf), or undefined. */
export function parseSampleValue(text: string): number | undefined {
  if (decimalRe.test(text)) return Number(text);
  if (/^nan$/i.test(text)) return NaN;
  const inf = infinityRe.exec(text);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  return undefined;
}

/** A sample timestamp: integer milliseconds since the epoch (may be negative), or undefined. */
export function parseTimestampMs(text: string): number | undefined {
  if (!/^-?\d+$/.test(text)) return undefined;
  const ms = Number(text);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** A whole series text `name` or `name{label="value",...}`, blanks around allowed. Throws SyntaxError. */
export function parseSeries(text: string): { name: string; labels: Record<string, string> } {
  const c = new LineCursor(text);
  c.blanks();
  const name = c.metricName();
  c.blanks();
  const labels = c.peek() === '{' ? c.labels() : {};
  c.blanks();
  if (!c.atEnd) throw c.error('the end of the series');
  return { name, labels };
}

/** A key naming a series (its name and label set, label order aside): duplicates share it. */
export function seriesKey(name: string, labels: Record<string, string>): string {
  return JSON.stringify([name, ...Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
}
