// FieldSet: a set of field paths (structured-merge-diff's fieldpath.Set) and its fieldsV1 wire form,
// e.g. {"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{}}}}}.
import { compareTokens, isObj, sep } from './path.js';

/** The fieldsV1 JSON: each key a path element (or "." for the element itself), each leaf `{}`. */
export interface FieldsV1 {
  [element: string]: FieldsV1;
}

interface Node {
  member: boolean;
  readonly children: Map<string, Node>;
}

const newNode = (): Node => ({ member: false, children: new Map() });

/**
 * An immutable-by-convention set of paths; each path is its tokens joined by `sep`. A path is a member when
 * the field (or list item) itself is owned; its ancestors need not be members.
 */
export class FieldSet implements Iterable<string> {
  readonly #paths: Set<string>;

  constructor(paths?: Iterable<string>) {
    this.#paths = new Set(paths);
  }

  get size(): number {
    return this.#paths.size;
  }
  isEmpty(): boolean {
    return this.#paths.size === 0;
  }
  has(path: string): boolean {
    return this.#paths.has(path);
  }
  /** Adds in place; only for builders that own the set. */
  add(path: string): this {
    this.#paths.add(path);
    return this;
  }
  [Symbol.iterator](): Iterator<string> {
    return this.#paths[Symbol.iterator]();
  }

  union(other: FieldSet): FieldSet {
    const out = new FieldSet(this.#paths);
    for (const p of other) out.add(p);
    return out;
  }
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const p of this.#paths) if (!other.has(p)) out.add(p);
    return out;
  }
  intersection(other: FieldSet): FieldSet {
    const [small, big] = this.size <= other.size ? [this, other] : [other, this];
    const out = new FieldSet();
    for (const p of small) if (big.has(p)) out.add(p);
    return out;
  }
  equals(other: FieldSet): boolean {
    if (this.size !== other.size) return false;
    for (const p of this.#paths) if (!other.has(p)) return false;
    return true;
  }
  /** Every strict ancestor of a member (the root excluded). */
  ancestors(): Set<string> {
    const out = new Set<string>();
    for (const p of this.#paths) {
      for (let i = p.indexOf(sep); i >= 0; i = p.indexOf(sep, i + 1)) out.add(p.slice(0, i));
    }
    return out;
  }

  /** Members in upstream's iteration order: at each level the members first, then the children; each sorted. */
  sorted(): string[] {
    const out: string[] = [];
    const visit = (node: Node, prefix: string): void => {
      const children = sortedChildren(node);
      for (const [t, child] of children) if (child.member) out.push(prefix === '' ? t : prefix + sep + t);
      for (const [t, child] of children) if (child.children.size) visit(child, prefix === '' ? t : prefix + sep + t);
    };
    visit(this.#tree(), '');
    return out;
  }

  toFieldsV1(): FieldsV1 {
    const emit = (node: Node): FieldsV1 => {
      const out: FieldsV1 = {};
      if (node.member && node.children.size) out['.'] = {};
      for (const [t, child] of sortedChildren(node)) out[t] = emit(child);
      return out;
    };
    const root = this.#tree();
    root.member = false;
    return emit(root);
  }

  /** Parses fieldsV1. Throws TypeError on anything that is not a well-formed field set. */
  static fromFieldsV1(json: unknown): FieldSet {
    const out = new FieldSet();
    const walk = (node: unknown, prefix: string): void => {
      if (!isObj(node)) throw new TypeError(`Cannot parse fieldsV1 at "${prefix.split(sep).join('')}": expected an object, got ${JSON.stringify(node)}`);
      for (const [k, child] of Object.entries(node)) {
        if (k === '.') {
          if (prefix === '') throw new TypeError('Cannot parse fieldsV1: "." at the root');
          out.add(prefix);
          continue;
        }
        checkToken(k);
        const p = prefix === '' ? k : prefix + sep + k;
        if (isObj(child) && Object.keys(child).length === 0) out.add(p);
        else walk(child, p);
      }
    };
    walk(json ?? {}, '');
    return out;
  }

  #tree(): Node {
    const root = newNode();
    // Paths share long prefixes: find each parent by its path instead of splitting every path.
    const nodes = new Map<string, Node>([['', root]]);
    const nodeFor = (p: string): Node => {
      const hit = nodes.get(p);
      if (hit) return hit;
      const i = p.lastIndexOf(sep);
      const parent = nodeFor(i < 0 ? '' : p.slice(0, i));
      const token = i < 0 ? p : p.slice(i + 1);
      let n = parent.children.get(token);
      if (!n) parent.children.set(token, (n = newNode()));
      nodes.set(p, n);
      return n;
    };
    for (const p of this.#paths) nodeFor(p).member = true;
    return root;
  }
}

function sortedChildren(node: Node): [string, Node][] {
  return [...node.children].sort(([a], [b]) => compareTokens(a, b));
}

function checkToken(t: string): void {
  const kind = t.slice(0, 2);
  const body = t.slice(2);
  if (kind === 'f:') return;
  if (kind === 'i:' && /^\d+$/.test(body)) return;
  if (kind === 'k:' || kind === 'v:') {
    try {
      const v: unknown = JSON.parse(body);
      if (kind === 'v:' || isObj(v)) return;
    } catch {
      // reported below
    }
  }
  throw new TypeError(`Cannot parse fieldsV1: invalid path element "${t}"`);
}
