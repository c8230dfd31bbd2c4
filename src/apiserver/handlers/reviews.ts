// The authorization and authentication reviews (upstream pkg/registry/authorization and authentication): create-only
// kinds answered from the server's own authorizer, rule resolver and authenticators, never stored.
//   SelfSubjectAccessReview   may I do this?              LocalSubjectAccessReview  may they, in this namespace?
//   SubjectAccessReview       may they?                   SelfSubjectRulesReview    what may I do in this namespace?
//   TokenReview               who is this token?          SelfSubjectReview         who am I?
import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { badRequest, gvString, invalid, type FieldError } from '../../api/index.js';
import { invalid as fieldInvalid } from '../../api/meta/field-path.js';
import type { Attributes, Authorizer } from '../auth/authorizer.js';
import { decodeObject, readBody } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import type { UserInfo } from '../registry/context.js';
import { checkUnknownFields } from '../registry/field-management.js';
import { requestContext } from './request-context.js';
import type { SubresourceCall, SubresourceHandler } from './types.js';
import { requireVerb } from './verbs.js';

/** What the reviews ask of the server. */
export interface ReviewSources {
  readonly authorizer: Authorizer;
  /** The rules the user holds in the namespace (upstream RuleResolver.RulesFor); incomplete when some could not be read. */
  rulesFor(user: UserInfo, namespace: string): { rules: readonly PolicyRule[]; incomplete: boolean; evaluationError?: string };
  /** A bearer token for the given audiences ([] = the API server's own). */
  authenticateToken(token: string, audiences: readonly string[]): Promise<{ user: UserInfo; audiences: readonly string[] } | { error: string }>;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

interface Review {
  readonly body: Obj;
  readonly spec: Obj;
  /** Warn-mode unknown-field warnings, sent as Warning headers. */
  readonly warnings: readonly string[];
}

/** The request's review, with fieldValidation applied as on any create (Strict: 400; Warn: warnings; both Warn and Ignore drop unknown fields). */
async function readReview(call: SubresourceCall): Promise<Review> {
  requireVerb(call, ['create']);
  const ctx = requestContext(call.query, call.user, call.req);
  const body = decodeObject(await readBody(call.req), call.req.headers['content-type']);
  checkUnknownFields(call.desc, body, ctx);
  return { body, spec: obj(body['spec']) ?? {}, warnings: ctx.warnings };
}

function reply(call: SubresourceCall, review: Review, status: Obj): void {
  const meta = obj(review.body['metadata']) ?? {};
  const metadata: Obj = { ...meta, creationTimestamp: null };
  if (call.desc.namespaced) metadata['namespace'] = call.info.namespace;
  sendJson(call.res, 201, { kind: call.desc.kind, apiVersion: gvString(call.desc), metadata, spec: review.spec, status }, review.warnings);
}

const invalidReview = (call: SubresourceCall, errs: FieldError[]): Error => invalid({ group: call.desc.group, kind: call.desc.kind }, '', errs);

/** upstream ValidateSubjectAccessReviewSpec's rule: exactly one of resourceAttributes and nonResourceAttributes. */
function attributeErrors(spec: Obj): FieldError[] {
  const r = spec['resourceAttributes'];
  const n = spec['nonResourceAttributes'];
  if (r != null && n != null) return [fieldInvalid('spec.nonResourceAttributes', n, 'cannot be specified in combination with resourceAttributes')];
  if (r == null && n == null) return [fieldInvalid('spec.resourceAttributes', null, 'exactly one of nonResourceAttributes or resourceAttributes must be specified')];
  return [];
}

/** The authorizer attributes a review spec asks about, for a user. */
export function reviewAttributes(user: UserInfo, spec: Obj): Attributes {
  const n = obj(spec['nonResourceAttributes']);
  if (n) return { user, verb: str(n['verb']), resourceRequest: false, path: str(n['path']), namespace: '', apiGroup: '', resource: '', subresource: '', name: '' };
  const r = obj(spec['resourceAttributes']) ?? {};
  return { user, verb: str(r['verb']), resourceRequest: true, path: '', namespace: str(r['namespace']), apiGroup: str(r['group']), resource: str(r['resource']), subresource: str(r['subresource']), name: str(r['name']) };
}

function accessStatus(authz: Authorizer, a: Attributes): Obj {
  const d = authz.authorize(a);
  const status: Obj = { allowed: d.kind === 'allow' };
  if (d.kind === 'deny') status['denied'] = true;
  if (d.reason) status['reason'] = d.reason;
  return status;
}

/** The user a SubjectAccessReview names (upstream: user, groups, uid, extra as given). */
function specUser(spec: Obj): UserInfo {
  const extra: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(obj(spec['extra']) ?? {})) extra[k] = strings(v);
  const uid = str(spec['uid']);
  return { name: str(spec['user']), groups: strings(spec['groups']), ...(uid ? { uid } : {}), ...(Object.keys(extra).length ? { extra } : {}) };
}

function selfSubjectAccessReview(src: ReviewSources): SubresourceHandler {
  return async (call) => {
    const review = await readReview(call);
    const errs = attributeErrors(review.spec);
    if (errs.length) throw invalidReview(call, errs);
    reply(call, review, accessStatus(src.authorizer, reviewAttributes(call.user, review.spec)));
  };
}

function subjectAccessReview(src: ReviewSources): SubresourceHandler {
  return async (call) => {
    const review = await readReview(call);
    const errs = attributeErrors(review.spec);
    const user = specUser(review.spec);
    if (!user.name && user.groups.length === 0) errs.push(fieldInvalid('spec.user', '', 'at least one of user or group must be specified'));
    if (errs.length) throw invalidReview(call, errs);
    reply(call, review, accessStatus(src.authorizer, reviewAttributes(user, review.spec)));
  };
}

function localSubjectAccessReview(src: ReviewSources): SubresourceHandler {
  return async (call) => {
    const review = await readReview(call);
    const errs: FieldError[] = [];
    const user = specUser(review.spec);
    if (review.spec['nonResourceAttributes'] != null) errs.push(fieldInvalid('spec.nonResourceAttributes', review.spec['nonResourceAttributes'], 'disallowed on this kind of request'));
    else errs.push(...attributeErrors(review.spec));
    if (!user.name && user.groups.length === 0) errs.push(fieldInvalid('spec.user', '', 'at least one of user or group must be specified'));
    if (errs.length) throw invalidReview(call, errs);
    const ns = str(obj(review.spec['resourceAttributes'])?.['namespace']);
    if (ns !== call.info.namespace) throw badRequest(`spec.resourceAttributes.namespace must match namespace: ${call.info.namespace}`);
    reply(call, review, accessStatus(src.authorizer, reviewAttributes(user, review.spec)));
  };
}

/** upstream's conversion of PolicyRules into a rules review's resourceRules and nonResourceRules. */
export function rulesStatus(rules: readonly PolicyRule[]): { resourceRules: Obj[]; nonResourceRules: Obj[] } {
  const resourceRules: Obj[] = [];
  const nonResourceRules: Obj[] = [];
  for (const r of rules) {
    if (r.resources?.length) {
      resourceRules.push({ verbs: [...r.verbs], ...(r.apiGroups ? { apiGroups: [...r.apiGroups] } : {}), resources: [...r.resources], ...(r.resourceNames?.length ? { resourceNames: [...r.resourceNames] } : {}) });
    }
    if (r.nonResourceURLs?.length) nonResourceRules.push({ verbs: [...r.verbs], nonResourceURLs: [...r.nonResourceURLs] });
  }
  return { resourceRules, nonResourceRules };
}

function selfSubjectRulesReview(src: ReviewSources): SubresourceHandler {
  return async (call) => {
    const review = await readReview(call);
    const namespace = str(review.spec['namespace']);
    if (!namespace) throw badRequest('no namespace on request');
    const { rules, incomplete, evaluationError } = src.rulesFor(call.user, namespace);
    reply(call, review, { ...rulesStatus(rules), incomplete, ...(evaluationError ? { evaluationError } : {}) });
  };
}

const userInfo = (u: UserInfo): Obj => ({ username: u.name, ...(u.uid ? { uid: u.uid } : {}), groups: [...u.groups], ...(u.extra ? { extra: u.extra } : {}) });

function tokenReview(src: ReviewSources): SubresourceHandler {
  return async (call) => {
    const review = await readReview(call);
    const token = str(review.spec['token']);
    if (!token) throw invalidReview(call, [fieldInvalid('spec.token', '', 'token must be specified')]);
    const r = await src.authenticateToken(token, strings(review.spec['audiences']));
    reply(call, review, 'error' in r ? { user: {}, error: r.error } : { authenticated: true, user: userInfo(r.user), audiences: [...r.audiences] });
  };
}

const selfSubjectReview: SubresourceHandler = async (call) => {
  const review = await readReview(call);
  reply(call, review, { userInfo: userInfo(call.user) });
};

/** The review handlers, keyed as the resource handler looks create-only kinds up (by plural). */
export function reviewHandlers(src: ReviewSources): [string, SubresourceHandler][] {
  return [
    ['selfsubjectaccessreviews', selfSubjectAccessReview(src)],
    ['subjectaccessreviews', subjectAccessReview(src)],
    ['localsubjectaccessreviews', localSubjectAccessReview(src)],
    ['selfsubjectrulesreviews', selfSubjectRulesReview(src)],
    ['tokenreviews', tokenReview(src)],
    ['selfsubjectreviews', selfSubjectReview],
  ];
}
