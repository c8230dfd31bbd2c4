// Per-call cost factors of the Kubernetes CEL libraries, as upstream's library.CostEstimator charges them
// (k8s.io/apiserver/pkg/cel/library/cost.go), in a shape an AST cost walker can apply to estimated sizes.
// Sizes and costs are ranges; Infinity stands for upstream's math.MaxUint64 (unbounded).

/** An inclusive [min, max] range of sizes or costs. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/** What the walker knows about one call: the receiver (target) and argument sizes, and the list element type. */
export interface CallShape {
  /** Size of the receiver (string length, list length); undefined for a global call. */
  readonly target?: Range;
  /** Sizes of the arguments, in order. */
  readonly args: readonly Range[];
  /** For list receivers: the element size when elements are strings or bytes (adds a traversal per element). */
  readonly stringElementSize?: Range;
  /** True when the receiver is a list (indexOf/lastIndexOf also exist on strings). */
  readonly targetIsList?: boolean;
  /** The overload chosen when it matters: 'string' when containsIP/containsCIDR get a string, 'cidr' for cidr.ip(). */
  readonly argKind?: 'string' | 'cidr';
}

/** cel-go's common.StringTraversalCostFactor and RegexStringLengthCostFactor. */
export const stringTraversalCostFactor = 0.1;
export const regexStringLengthCostFactor = 0.25;

const unbounded: Range = { min: 0, max: Infinity };
const nominal: Range = { min: 1, max: 1 };
const scale = (r: Range, f: number): Range => ({ min: Math.ceil(r.min * f), max: r.max === Infinity ? Infinity : Math.ceil(r.max * f) });
const plus = (a: Range, b: Range): Range => ({ min: a.min + b.min, max: a.max + b.max });
const times = (a: Range, b: Range): Range => ({ min: a.min * b.min, max: a.max === 0 || b.max === 0 ? 0 : a.max * b.max });

function listScan(c: CallShape): Range {
  const target = c.target ?? unbounded;
  if (c.targetIsList !== true) return scale(target, stringTraversalCostFactor);
  const perElement = c.stringElementSize === undefined ? nominal : plus(nominal, scale(c.stringElementSize, stringTraversalCostFactor));
  return times(target, perElement);
}

function regexCost(str: Range, regex: Range): Range {
  return times(scale(plus(str, nominal), stringTraversalCostFactor), scale(regex, regexStringLengthCostFactor));
}

function ipCompareCost(c: CallShape, extra: Range): Range {
  // Addresses are 4 or 16 bytes; a string argument is parsed first.
  const bytes: Range = { min: 4, max: 16 };
  const base = plus(scale(plus(bytes, bytes), stringTraversalCostFactor), extra);
  return c.argKind === 'string' ? plus(base, scale(c.args[0] ?? unbounded, stringTraversalCostFactor)) : base;
}

/**
 * The estimated cost of one call of a library function, excluding its arguments' own costs (upstream's
 * EstimateCallCost). Undefined means upstream has no special rule: charge cel-go's default call cost.
 */
export function callCost(name: string, c: CallShape): Range | undefined {
  const arg0 = c.args[0] ?? unbounded;
  switch (name) {
    case 'isSorted':
    case 'sum':
    case 'max':
    case 'min':
    case 'indexOf':
    case 'lastIndexOf':
      return c.target === undefined ? undefined : listScan(c);
    case 'url':
    case 'quantity':
    case 'isQuantity':
    case 'cidr':
    case 'isIP':
    case 'isCIDR':
    case 'isURL':
      return scale(arg0, stringTraversalCostFactor);
    case 'lowerAscii':
    case 'upperAscii':
    case 'substring':
    case 'trim':
      return c.target === undefined ? undefined : scale(c.target, stringTraversalCostFactor);
    case 'replace':
    case 'split':
      return c.target === undefined ? undefined : scale(c.target, 2 * stringTraversalCostFactor);
    case 'join': {
      if (c.target === undefined) return undefined;
      let size = c.stringElementSize === undefined ? { min: 0, max: 0 } : times(c.target, c.stringElementSize);
      const sep = c.args[0];
      if (sep !== undefined) size = plus(size, times(sep, { min: Math.max(0, c.target.min - 1), max: Math.max(0, c.target.max - 1) }));
      return scale(size, stringTraversalCostFactor);
    }
    case 'find':
    case 'findAll':
      return c.target === undefined ? undefined : regexCost(c.target, arg0);
    case 'matches':
      // cel-go's standard estimator: the same string × regex product; the function form has the string first.
      return c.target !== undefined ? regexCost(c.target, arg0) : regexCost(arg0, c.args[1] ?? unbounded);
    case 'ip':
      return c.argKind === 'cidr' || (c.target !== undefined && c.args.length === 0) ? nominal : scale(arg0, stringTraversalCostFactor);
    case 'ip.isCanonical':
      return scale(arg0, 2 * stringTraversalCostFactor);
    case 'masked':
    case 'prefixLength':
    case 'family':
    case 'isUnspecified':
    case 'isLoopback':
    case 'isLinkLocalMulticast':
    case 'isLinkLocalUnicast':
    case 'sign':
    case 'asInteger':
    case 'isInteger':
    case 'asApproximateFloat':
    case 'isGreaterThan':
    case 'isLessThan':
    case 'compareTo':
    case 'add':
    case 'sub':
      return nominal;
    case 'containsIP':
      return ipCompareCost(c, { min: 0, max: 0 });
    case 'containsCIDR':
      return ipCompareCost(c, plus(scale({ min: 4, max: 16 }, stringTraversalCostFactor), nominal));
    default:
      return undefined;
  }
}
