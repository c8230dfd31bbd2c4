// --audit-policy-file: parsing and validation of an audit.k8s.io/v1 Policy, and the level it gives a request
// (the first rule that matches decides; no match: None), as upstream's policy checker.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { errorMessage } from '../../util/index.js';
import { levels, stages, type AuditAttributes, type AuditDecision, type GroupResources, type Level, type Policy, type PolicyRule, type Stage } from './types.js';

export class AuditPolicyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AuditPolicyError';
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function strings(v: unknown, path: string, errs: string[]): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
    errs.push(`${path}: Invalid value: must be a list of strings`);
    return [];
  }
  return v as string[];
}

function omitStagesOf(v: unknown, path: string, errs: string[]): Stage[] {
  const list = strings(v, path, errs);
  list.forEach((s, i) => { if (!(stages as readonly string[]).includes(s)) errs.push(`${path}[${i}]: Unsupported value: "${s}": supported values: "${stages.join('", "')}"`); });
  return list.filter((s): s is Stage => (stages as readonly string[]).includes(s));
}

function groupResources(v: unknown, path: string, errs: string[]): GroupResources[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    errs.push(`${path}: Invalid value: must be a list`);
    return [];
  }
  return v.map((g: unknown, i) => {
    const gp = `${path}[${i}]`;
    const o = isObject(g) ? g : {};
    const group = typeof o['group'] === 'string' ? o['group'] : '';
    const resources = strings(o['resources'], `${gp}.resources`, errs);
    const resourceNames = strings(o['resourceNames'], `${gp}.resourceNames`, errs);
    if (group.includes('/')) errs.push(`${gp}.group: Invalid value: "${group}": group name must not contain "/"`);
    if (resourceNames.length && (resources.length === 0 || resources.some((r) => r.includes('*')))) {
      errs.push(`${gp}.resourceNames: Invalid value: resourceNames require a specific resource`);
    }
    return { group, resources, resourceNames };
  });
}

function rule(v: unknown, path: string, errs: string[]): PolicyRule {
  const o = isObject(v) ? v : {};
  const levelText = o['level'];
  let level: Level = 'None';
  if (levelText === undefined || levelText === '') errs.push(`${path}.level: Required value`);
  else if (typeof levelText !== 'string' || !(levels as readonly string[]).includes(levelText)) errs.push(`${path}.level: Unsupported value: "${String(levelText)}": supported values: "${levels.join('", "')}"`);
  else level = levelText as Level;
  const resources = groupResources(o['resources'], `${path}.resources`, errs);
  const namespaces = strings(o['namespaces'], `${path}.namespaces`, errs);
  const nonResourceURLs = strings(o['nonResourceURLs'], `${path}.nonResourceURLs`, errs);
  if (nonResourceURLs.length && (resources.length || namespaces.length)) {
    errs.push(`${path}.nonResourceURLs: Invalid value: rules cannot apply to both regular resources and non-resource URLs`);
  }
  nonResourceURLs.forEach((u, i) => {
    if (!u.startsWith('/') && u !== '*') errs.push(`${path}.nonResourceURLs[${i}]: Invalid value: "${u}": non-resource URL rules must begin with a '/' character`);
    if (u.slice(0, -1).includes('*')) errs.push(`${path}.nonResourceURLs[${i}]: Invalid value: "${u}": non-resource URL wildcards ('*') must be the final character of the rule`);
  });
  const omf = o['omitManagedFields'];
  if (omf !== undefined && omf !== null && typeof omf !== 'boolean') errs.push(`${path}.omitManagedFields: Invalid value: must be true or false`);
  return {
    level,
    users: strings(o['users'], `${path}.users`, errs),
    userGroups: strings(o['userGroups'], `${path}.userGroups`, errs),
    verbs: strings(o['verbs'], `${path}.verbs`, errs),
    resources,
    namespaces,
    nonResourceURLs,
    omitStages: omitStagesOf(o['omitStages'], `${path}.omitStages`, errs),
    omitManagedFields: typeof omf === 'boolean' ? omf : undefined,
  };
}

/** Parses and validates a Policy (YAML or JSON); throws AuditPolicyError listing every problem. */
export function parseAuditPolicy(text: string): Policy {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e: unknown) {
    throw new AuditPolicyError(`Cannot parse the audit policy: ${errorMessage(e)}`, { cause: e });
  }
  if (!isObject(doc) || doc['kind'] !== 'Policy' || doc['apiVersion'] !== 'audit.k8s.io/v1') {
    throw new AuditPolicyError('Cannot use the audit policy: expected kind Policy of apiVersion audit.k8s.io/v1');
  }
  const errs: string[] = [];
  const rawRules = doc['rules'];
  const rules = Array.isArray(rawRules) ? rawRules.map((r: unknown, i) => rule(r, `rules[${i}]`, errs)) : [];
  const omitStages = omitStagesOf(doc['omitStages'], 'omitStages', errs);
  const omf = doc['omitManagedFields'];
  if (omf !== undefined && omf !== null && typeof omf !== 'boolean') errs.push('omitManagedFields: Invalid value: must be true or false');
  if (errs.length) throw new AuditPolicyError(`Invalid audit policy:\n  ${errs.join('\n  ')}`);
  if (rules.length === 0) throw new AuditPolicyError('Cannot use the audit policy: it has no rules (a policy with 0 rules logs nothing)');
  return { rules, omitStages, omitManagedFields: omf === true };
}

export function loadAuditPolicy(path: string): Policy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e: unknown) {
    throw new AuditPolicyError(`Cannot read the audit policy "${path}": ${errorMessage(e)}`, { cause: e });
  }
  return parseAuditPolicy(text);
}

function matchesResource(r: PolicyRule, a: AuditAttributes): boolean {
  if (!a.resourceRequest) return false;
  if (r.namespaces.length && !r.namespaces.includes(a.namespace)) return false;
  if (r.resources.length === 0) return true;
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  for (const gr of r.resources) {
    if (gr.group !== a.apiGroup) continue;
    if (gr.resources.length === 0) return true;
    if (gr.resourceNames.length && !gr.resourceNames.includes(a.name)) continue;
    for (const res of gr.resources) {
      if (res === '*' || res === combined) return true;
      if (a.subresource && res.startsWith('*/') && res.slice(2) === a.subresource) return true;
      // `pods/*` covers pods and every subresource of pods, as upstream.
      if (res.endsWith('/*') && res.slice(0, -2) === a.resource) return true;
    }
  }
  return false;
}

function matchesNonResource(r: PolicyRule, a: AuditAttributes): boolean {
  if (a.resourceRequest) return false;
  return r.nonResourceURLs.some((u) => u === '*' || u === a.path || (u.endsWith('*') && a.path.startsWith(u.slice(0, -1))));
}

/** Whether the rule applies to the request (upstream ruleMatches). */
export function ruleMatches(r: PolicyRule, a: AuditAttributes): boolean {
  if (r.users.length && !r.users.includes(a.user.name)) return false;
  if (r.userGroups.length && !a.user.groups.some((g) => r.userGroups.includes(g))) return false;
  if (r.verbs.length && !r.verbs.includes(a.verb)) return false;
  if (r.namespaces.length || r.resources.length) return matchesResource(r, a);
  if (r.nonResourceURLs.length) return matchesNonResource(r, a);
  return true;
}

const none: AuditDecision = { level: 'None', omitStages: new Set(), omitManagedFields: false };

/** The decision of the first matching rule (its stages added to the policy's); None when no rule matches. */
export function evaluatePolicy(policy: Policy, a: AuditAttributes): AuditDecision {
  for (const r of policy.rules) {
    if (!ruleMatches(r, a)) continue;
    return {
      level: r.level,
      omitStages: new Set([...policy.omitStages, ...r.omitStages]),
      omitManagedFields: r.omitManagedFields ?? policy.omitManagedFields,
    };
  }
  return none;
}
