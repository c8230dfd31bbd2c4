// Job spec rules beyond the basics (upstream batch validation): podFailurePolicy, successPolicy,
// backoffLimitPerIndex / maxFailedIndexes, Indexed limits and podReplacementPolicy with a failure policy.
import {
  duplicate, invalid, invalidOmitValue, isQualifiedName, notSupported, required, tooLong, tooMany, type FieldError, type FieldPath,
} from '../../meta/index.js';
import { arr, isRecord, rec, str } from '../../apps/v1/index.js';

const maxRules = 20;
const maxConditionPatterns = 20;
const maxExitCodeValues = 255;
const maxSuccessRules = 20;
const maxSucceededIndexesLength = 64 * 1024;
/** Upstream maxParallelismForIndexedJob and maxFailedIndexesLimitForIndexedJob. */
const indexedLimit = 100_000;
const actions = ['Count', 'FailIndex', 'FailJob', 'Ignore'] as const;
const operators = ['In', 'NotIn'] as const;
const conditionStatuses = ['False', 'True', 'Unknown'] as const;

const int = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
/** Go's %q of a string slice, as upstream prints the valid values: ["In" "NotIn"]. */
const goQuoted = (values: readonly string[]): string => `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;

function containerNames(spec: Record<string, unknown>): Set<string> {
  const tspec = rec(rec(spec['template'])['spec']);
  return new Set([...arr(tspec['containers']), ...arr(tspec['initContainers'])].map((c) => str(rec(c)['name'])));
}

function validateOnExitCodes(req: Record<string, unknown>, path: FieldPath, names: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const op = str(req['operator']);
  if (op === '') errs.push(required(path.child('operator'), `valid values: ${goQuoted(operators)}`));
  else if (!(operators as readonly string[]).includes(op)) errs.push(notSupported(path.child('operator'), op, operators));
  if (typeof req['containerName'] === 'string' && !names.has(req['containerName'])) {
    errs.push(invalid(path.child('containerName'), req['containerName'], 'must be one of the container or initContainer names in the pod template'));
  }
  const values = arr(req['values']);
  const vp = path.child('values');
  if (values.length === 0) errs.push(invalid(vp, values, 'at least one value is required'));
  else if (values.length > maxExitCodeValues) errs.push(tooMany(vp, values.length, maxExitCodeValues));
  const seen = new Set<unknown>();
  let ordered = true;
  values.forEach((v, j) => {
    if (op === 'In' && v === 0) errs.push(invalid(vp.index(j), v, 'must not be 0 for the In operator'));
    if (seen.has(v)) errs.push(duplicate(vp.index(j), v));
    else seen.add(v);
    if (j > 0 && (values[j - 1] as number) > (v as number)) ordered = false;
  });
  if (!ordered) errs.push(invalid(vp, values, 'must be ordered'));
  return errs;
}

function validateOnPodConditions(patterns: unknown[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (patterns.length > maxConditionPatterns) errs.push(tooMany(path, patterns.length, maxConditionPatterns));
  patterns.forEach((p, j) => {
    const pp = path.index(j);
    for (const msg of isQualifiedName(str(rec(p)['type']))) errs.push(invalid(pp.child('type'), str(rec(p)['type']), msg));
    const status = str(rec(p)['status']);
    if (status === '') errs.push(required(pp.child('status'), `valid values: ${goQuoted(conditionStatuses)}`));
    else if (!(conditionStatuses as readonly string[]).includes(status)) errs.push(notSupported(pp.child('status'), status, conditionStatuses));
  });
  return errs;
}

function validatePodFailurePolicy(spec: Record<string, unknown>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const rules = arr(rec(spec['podFailurePolicy'])['rules']);
  const rp = path.child('rules');
  if (rules.length > maxRules) errs.push(tooMany(rp, rules.length, maxRules));
  const names = containerNames(spec);
  rules.forEach((r, i) => {
    const rule = rec(r);
    const p = rp.index(i);
    const action = str(rule['action']);
    if (action === '') errs.push(required(p.child('action'), `valid values: ${goQuoted(actions)}`));
    else if (action === 'FailIndex') {
      if (spec['backoffLimitPerIndex'] == null) errs.push(invalid(p.child('action'), action, 'requires the backoffLimitPerIndex to be set'));
    } else if (!(actions as readonly string[]).includes(action)) errs.push(notSupported(p.child('action'), action, actions));
    const onExit = isRecord(rule['onExitCodes']) ? rule['onExitCodes'] : undefined;
    const onConds = arr(rule['onPodConditions']);
    if (onExit) errs.push(...validateOnExitCodes(onExit, p.child('onExitCodes'), names));
    if (onConds.length) errs.push(...validateOnPodConditions(onConds, p.child('onPodConditions')));
    if (onExit && onConds.length) errs.push(invalidOmitValue(p, 'specifying both OnExitCodes and OnPodConditions is not supported'));
    if (!onExit && onConds.length === 0) errs.push(invalidOmitValue(p, 'specifying one of OnExitCodes and OnPodConditions is required'));
  });
  return errs;
}

/** upstream validateIndexesFormat: ordered "a" and "a-b" parts below completions; the number of indexes. */
export function indexesFormatError(text: string, completions: number): { total: number; error?: string } {
  if (text === '') return { total: 0 };
  let last: number | undefined;
  let total = 0;
  for (const part of text.split(',')) {
    const limits = part.split('-');
    if (limits.length > 2) return { total, error: `the fragment "${part}" violates the requirement that an index interval can have at most two parts separated by '-'` };
    const nums: number[] = [];
    for (const l of limits) {
      if (!/^[+-]?\d+$/.test(l)) return { total, error: `cannot convert string to integer for index: "${l}"` };
      const n = Number(l);
      if (n >= completions) return { total, error: `too large index: "${l}"` };
      if (last !== undefined && last >= n) return { total, error: `non-increasing order, previous: ${last}, current: ${n}` };
      nums.push(n);
      last = n;
    }
    total += nums.length === 2 ? nums[1]! - nums[0]! + 1 : 1;
  }
  return { total };
}

function validateSuccessPolicy(spec: Record<string, unknown>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const rules = arr(rec(spec['successPolicy'])['rules']);
  const rp = path.child('rules');
  if (rules.length === 0) errs.push(required(rp, 'at least one rules must be specified when the successPolicy is specified'));
  if (rules.length > maxSuccessRules) errs.push(tooMany(rp, rules.length, maxSuccessRules));
  const completions = int(spec['completions']) ?? 0;
  rules.forEach((r, i) => {
    const rule = rec(r);
    const p = rp.index(i);
    let total = 0;
    if (typeof rule['succeededIndexes'] === 'string') {
      const text = rule['succeededIndexes'];
      if (text.length > maxSucceededIndexesLength) errs.push(tooLong(p.child('succeededIndexes'), text, maxSucceededIndexesLength));
      const parsed = indexesFormatError(text, completions);
      total = parsed.total;
      if (parsed.error) errs.push(invalid(p.child('succeededIndexes'), text, `error parsing succeededIndexes: ${parsed.error}`));
    }
    const count = int(rule['succeededCount']);
    if (count !== undefined) {
      const cp = p.child('succeededCount');
      if (count < 0) errs.push(invalid(cp, count, 'must be greater than or equal to 0'));
      if (count > completions) errs.push(invalid(cp, count, `must be less than or equal to ${completions} (the number of specified completions)`));
      if (typeof rule['succeededIndexes'] === 'string' && count > total) errs.push(invalid(cp, count, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`));
    }
    if (count === undefined && rule['succeededIndexes'] == null) errs.push(required(p, 'at least one of succeededCount or succeededIndexes must be specified'));
  });
  return errs;
}

/** The policy rules of a JobSpec (also a CronJob's jobTemplate.spec). */
export function validateJobPolicies(spec: Record<string, unknown>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const indexed = spec['completionMode'] === 'Indexed';
  if (isRecord(spec['podFailurePolicy'])) {
    errs.push(...validatePodFailurePolicy(spec, path.child('podFailurePolicy')));
    const policy = rec(rec(spec['template'])['spec'])['restartPolicy'];
    if (policy !== 'Never') errs.push(invalid(path.child('template', 'spec', 'restartPolicy'), policy ?? '', 'only "Never" is supported when podFailurePolicy is specified'));
    const prp = spec['podReplacementPolicy'];
    if (prp != null && prp !== 'Failed') errs.push(notSupported(path.child('podReplacementPolicy'), prp, ['Failed']));
  }
  if (isRecord(spec['successPolicy'])) {
    if (!indexed) errs.push(invalid(path.child('successPolicy'), spec['successPolicy'], 'requires indexed completion mode'));
    else errs.push(...validateSuccessPolicy(spec, path.child('successPolicy')));
  }
  const perIndex = int(spec['backoffLimitPerIndex']);
  if (perIndex !== undefined && !indexed) errs.push(invalid(path.child('backoffLimitPerIndex'), perIndex, 'requires indexed completion mode'));
  const maxFailed = int(spec['maxFailedIndexes']);
  if (maxFailed !== undefined && spec['backoffLimitPerIndex'] == null) errs.push(required(path.child('backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
  if (indexed) {
    const parallelism = int(spec['parallelism']);
    if (parallelism !== undefined && parallelism > indexedLimit) errs.push(invalid(path.child('parallelism'), parallelism, `must be less than or equal to ${indexedLimit} when completion mode is Indexed`));
    const completions = int(spec['completions']);
    if (completions !== undefined && maxFailed !== undefined && maxFailed > completions) errs.push(invalid(path.child('maxFailedIndexes'), maxFailed, 'must be less than or equal to completions'));
    if (maxFailed !== undefined && maxFailed > indexedLimit) errs.push(invalid(path.child('maxFailedIndexes'), maxFailed, `must be less than or equal to ${indexedLimit}`));
  }
  return errs;
}

/** upstream SetDefaults_Job for podFailurePolicy: an onPodConditions pattern without status matches True. Mutates. */
export function defaultPodFailurePolicy(spec: Record<string, unknown>): void {
  for (const r of arr(rec(spec['podFailurePolicy'])['rules'])) {
    for (const p of arr(rec(r)['onPodConditions'])) if (isRecord(p) && (p['status'] === undefined || p['status'] === '')) p['status'] = 'True';
  }
}
