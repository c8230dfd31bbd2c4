// Service: upstream defaults (type, affinity, ports, traffic policies, IP family fields, clusterIP↔clusterIPs)
// and ValidateService / ValidateServiceUpdate (clusterIPs and ipFamilies may not change once set).
import { duplicate, forbidden, invalid, notSupported, required, root, type FieldError } from '../../meta/field-path.js';
import type { KindRules, KubeObject } from '../../meta/kind-rules.js';
import { validateLabels } from '../../meta/label-validation.js';
import { isDns1123Label, isDns1123Subdomain, isIPv6, isQualifiedName, isValidIp, nameIsDns1035Label } from '../../meta/name-validation.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';
import { arr, child, isRec, rec, s0, setDefault, type Rec } from './json.js';
import { validatePortNumOrName } from './probe.js';

const types = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const protocols = ['SCTP', 'TCP', 'UDP'];
const spec = root('spec');

const isExternallyAccessible = (s: Rec): boolean => s['type'] === 'LoadBalancer' || s['type'] === 'NodePort' || (s['type'] === 'ClusterIP' && arr(s['externalIPs']).length > 0);
const isHeadless = (s: Rec): boolean => arr(s['clusterIPs']).length === 1 && arr(s['clusterIPs'])[0] === 'None';

function defaultService(obj: KubeObject): void {
  const s = child(obj, 'spec');
  setDefault(s, 'sessionAffinity', 'None');
  if (s['sessionAffinity'] === 'None') delete s['sessionAffinityConfig'];
  if (s['sessionAffinity'] === 'ClientIP' && typeof rec(rec(s['sessionAffinityConfig'])['clientIP'])['timeoutSeconds'] !== 'number') {
    s['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: 10800 } };
  }
  setDefault(s, 'type', 'ClusterIP');
  for (const p of arr(s['ports'])) {
    if (!isRec(p)) continue;
    setDefault(p, 'protocol', 'TCP');
    if (p['targetPort'] === undefined || p['targetPort'] === null || p['targetPort'] === 0 || p['targetPort'] === '') p['targetPort'] = p['port'];
  }
  if (isExternallyAccessible(s)) setDefault(s, 'externalTrafficPolicy', 'Cluster');
  if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(String(s['type']))) setDefault(s, 'internalTrafficPolicy', 'Cluster');
  if (s['type'] === 'LoadBalancer' && typeof s['allocateLoadBalancerNodePorts'] !== 'boolean') s['allocateLoadBalancerNodePorts'] = true;
  // Strategy normalization: clusterIP and clusterIPs[0] stay in sync.
  const ips = arr(s['clusterIPs']);
  if (s0(s['clusterIP']) !== '' && ips.length === 0) s['clusterIPs'] = [s['clusterIP']];
  else if (s0(s['clusterIP']) === '' && ips.length > 0 && typeof ips[0] === 'string') s['clusterIP'] = ips[0];
  // IP family fields, as the allocator fills them on a single-stack IPv4 cluster.
  if (s['type'] !== 'ExternalName') {
    const selectorless = !isRec(s['selector']) || Object.keys(s['selector']).length === 0;
    setDefault(s, 'ipFamilyPolicy', isHeadless(s) && selectorless ? 'RequireDualStack' : 'SingleStack');
    if (arr(s['ipFamilies']).length === 0) {
      const first = arr(s['clusterIPs'])[0];
      s['ipFamilies'] = [typeof first === 'string' && isIPv6(first) ? 'IPv6' : 'IPv4'];
    }
  }
  if (!isRec(obj['status'])) obj['status'] = {};
  child(obj['status'] as Rec, 'loadBalancer');
}

function validatePorts(s: Rec): FieldError[] {
  const errs: FieldError[] = [];
  const ports = arr(s['ports']);
  const names = new Set<string>();
  const seen = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((port, i) => {
    const o = rec(port);
    const pp = spec.child('ports').index(i);
    const name = s0(o['name']);
    if (ports.length > 1 && name === '') errs.push(required(pp.child('name')));
    else if (name !== '') {
      for (const m of isDns1123Label(name)) errs.push(invalid(pp.child('name'), name, m));
      if (names.has(name)) errs.push(duplicate(pp.child('name'), name));
      else names.add(name);
    }
    const pn = o['port'];
    if (typeof pn !== 'number' || !Number.isInteger(pn) || pn < 1 || pn > 65535) errs.push(invalid(pp.child('port'), pn ?? 0, 'must be between 1 and 65535, inclusive'));
    const proto = s0(o['protocol']);
    if (proto === '') errs.push(required(pp.child('protocol')));
    else if (!protocols.includes(proto)) errs.push(notSupported(pp.child('protocol'), proto, protocols));
    errs.push(...validatePortNumOrName(o['targetPort'], pp.child('targetPort')));
    const ap = o['appProtocol'];
    if (typeof ap === 'string') for (const m of isQualifiedName(ap)) errs.push(invalid(pp.child('appProtocol'), ap, m));
    const np = o['nodePort'];
    if (s['type'] === 'ClusterIP' && typeof np === 'number' && np !== 0) errs.push(forbidden(pp.child('nodePort'), "may not be used when `type` is 'ClusterIP'"));
    if (typeof np === 'number' && np !== 0) {
      const key = `${proto}/${np}`;
      if (nodePorts.has(key)) errs.push(duplicate(pp.child('nodePort'), np));
      nodePorts.add(key);
    }
    const key = `${proto}/${String(pn)}`;
    if (seen.has(key)) errs.push(duplicate(pp, { protocol: proto, port: pn }));
    seen.add(key);
  });
  return errs;
}

function validateClusterIps(s: Rec): FieldError[] {
  if (s['type'] === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ipsPath = spec.child('clusterIPs');
  const ips = arr(s['clusterIPs']).map(String);
  const clusterIP = s0(s['clusterIP']);
  if (clusterIP !== '') {
    if (ips.length === 0) errs.push(required(ipsPath));
    else if (ips[0] !== clusterIP) errs.push(invalid(ipsPath, ips, 'first value must match `clusterIP`'));
  } else if (ips.length !== 0) {
    errs.push(invalid(ipsPath, ips, 'must be empty when `clusterIP` is not specified'));
  }
  const families = arr(s['ipFamilies']).map(String);
  const seen = new Set<string>();
  families.forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6') errs.push(notSupported(spec.child('ipFamilies').index(i), f, ['IPv4', 'IPv6']));
    if (seen.has(f)) errs.push(duplicate(spec.child('ipFamilies').index(i), f));
    seen.add(f);
  });
  const policy = s['ipFamilyPolicy'];
  const policies = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
  if (policy !== undefined && policy !== null && !policies.includes(String(policy))) errs.push(notSupported(spec.child('ipFamilyPolicy'), policy, policies));
  let badIps = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) { badIps = true; errs.push(invalid(ipsPath, ips, "'None' must be the first and only value")); }
      return;
    }
    const msgs = isValidIp(ip);
    if (msgs.length) badIps = true;
    for (const m of msgs) errs.push(invalid(ipsPath.index(i), ip, m));
  });
  if (ips.length > 2) errs.push(invalid(ipsPath, ips, 'may only hold up to 2 values'));
  if (badIps) return errs;
  if (ips.length > 1 && isIPv6(ips[0] ?? '') === isIPv6(ips[1] ?? '')) errs.push(invalid(ipsPath, ips, 'may specify no more than one IP for each IP family'));
  if (!isHeadless(s)) {
    ips.forEach((ip, i) => {
      const f = families[i];
      if (f === 'IPv4' && isIPv6(ip)) errs.push(invalid(ipsPath.index(i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (f === 'IPv6' && !isIPv6(ip)) errs.push(invalid(ipsPath.index(i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  }
  return errs;
}

function validateService(obj: KubeObject): FieldError[] {
  const s = rec(obj['spec']);
  const t = s0(s['type']);
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDns1035Label });
  if (arr(s['ports']).length === 0 && !isHeadless(s) && t !== 'ExternalName') errs.push(required(spec.child('ports')));
  if ((t === 'LoadBalancer' || t === 'NodePort') && isHeadless(s)) errs.push(invalid(spec.child('clusterIPs').index(0), 'None', `may not be set to 'None' for ${t} services`));
  if (t === 'ExternalName') {
    if (arr(s['clusterIPs']).length > 0) errs.push(forbidden(spec.child('clusterIPs'), 'may not be set for ExternalName services'));
    if (arr(s['ipFamilies']).length > 0) errs.push(forbidden(spec.child('ipFamilies'), 'may not be set for ExternalName services'));
    if (s['ipFamilyPolicy'] !== undefined && s['ipFamilyPolicy'] !== null) errs.push(forbidden(spec.child('ipFamilyPolicy'), 'may not be set for ExternalName services'));
    const cname = s0(s['externalName']).replace(/\.$/, '');
    if (cname === '') errs.push(required(spec.child('externalName')));
    else for (const m of isDns1123Subdomain(cname)) errs.push(invalid(spec.child('externalName'), cname, m));
  }
  errs.push(...validatePorts(s));
  if (isRec(s['selector'])) errs.push(...validateLabels(s['selector'], spec.child('selector')));
  const sa = s0(s['sessionAffinity']);
  if (sa === '') errs.push(required(spec.child('sessionAffinity')));
  else if (sa !== 'ClientIP' && sa !== 'None') errs.push(notSupported(spec.child('sessionAffinity'), sa, ['ClientIP', 'None']));
  if (sa === 'ClientIP') {
    const timeout = rec(rec(s['sessionAffinityConfig'])['clientIP'])['timeoutSeconds'];
    if (typeof timeout === 'number' && (timeout <= 0 || timeout > 86400)) errs.push(invalid(spec.child('sessionAffinityConfig', 'clientIP', 'timeoutSeconds'), timeout, 'must be greater than 0 and less than 86400'));
  } else if (sa === 'None' && isRec(s['sessionAffinityConfig'])) {
    errs.push(forbidden(spec.child('sessionAffinityConfig'), 'must not be set when session affinity is None'));
  }
  errs.push(...validateClusterIps(s));
  arr(s['externalIPs']).forEach((ip, i) => { for (const m of isValidIp(String(ip))) errs.push(invalid(spec.child('externalIPs').index(i), ip, m)); });
  if (t === '') errs.push(required(spec.child('type')));
  else if (!types.includes(t)) errs.push(notSupported(spec.child('type'), t, types));
  if (arr(s['loadBalancerSourceRanges']).length > 0 && t !== 'LoadBalancer') errs.push(forbidden(spec.child('LoadBalancerSourceRanges'), "may only be used when `type` is 'LoadBalancer'"));
  if (typeof s['allocateLoadBalancerNodePorts'] === 'boolean' && t !== 'LoadBalancer') errs.push(forbidden(spec.child('allocateLoadBalancerNodePorts'), "may only be used when `type` is 'LoadBalancer'"));
  if (t === 'LoadBalancer' && typeof s['allocateLoadBalancerNodePorts'] !== 'boolean') errs.push(required(root('allocateLoadBalancerNodePorts')));
  if (typeof s['loadBalancerClass'] === 'string' && t !== 'LoadBalancer') errs.push(forbidden(spec.child('loadBalancerClass'), "may only be used when `type` is 'LoadBalancer'"));
  const etp = s0(s['externalTrafficPolicy']);
  if (!isExternallyAccessible(s)) {
    if (etp !== '') errs.push(invalid(spec.child('externalTrafficPolicy'), etp, 'may only be set for externally-accessible services'));
  } else if (etp === '') errs.push(required(spec.child('externalTrafficPolicy')));
  else if (etp !== 'Cluster' && etp !== 'Local') errs.push(notSupported(spec.child('externalTrafficPolicy'), etp, ['Cluster', 'Local']));
  const itp = s['internalTrafficPolicy'];
  if ((itp === undefined || itp === null) && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(t)) errs.push(required(spec.child('internalTrafficPolicy')));
  if (itp !== undefined && itp !== null && itp !== 'Cluster' && itp !== 'Local') errs.push(notSupported(spec.child('internalTrafficPolicy'), itp, ['Cluster', 'Local']));
  return errs;
}

/** validateUpgradeDowngradeClusterIPs + IPFamilies: the primary IP and family may not change once set. */
function validateServiceUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const n = rec(obj['spec']);
  const o = rec(old['spec']);
  const errs: FieldError[] = [];
  if (n['type'] === 'ExternalName' || o['type'] === 'ExternalName') return errs;
  const nips = arr(n['clusterIPs']);
  const oips = arr(o['clusterIPs']);
  if (!(isHeadless(n) && isHeadless(o))) {
    if (nips.length === oips.length) {
      oips.forEach((ip, i) => { if (ip !== nips[i]) errs.push(invalid(spec.child('clusterIPs').index(i), nips, 'may not change once set')); });
    } else if (oips.length > nips.length) {
      if (nips.length === 0) errs.push(invalid(spec.child('clusterIPs').index(0), nips, 'primary clusterIP can not be unset'));
      else if (nips[0] !== oips[0]) errs.push(invalid(spec.child('clusterIPs').index(0), nips, 'may not change once set'));
      if (nips.length === 1 && n['ipFamilyPolicy'] !== 'SingleStack') errs.push(invalid(spec.child('ipFamilyPolicy'), n['ipFamilyPolicy'] ?? null, "must be set to 'SingleStack' when releasing the secondary clusterIP"));
    } else if (oips.length > 0 && nips[0] !== oips[0]) {
      errs.push(invalid(spec.child('clusterIPs').index(0), nips, 'may not change once set'));
    }
  }
  if (isHeadless(n) === isHeadless(o) && !isHeadless(n)) {
    const nf = arr(n['ipFamilies']);
    const of = arr(o['ipFamilies']);
    if (nf.length === of.length) {
      of.forEach((f, i) => { if (f !== nf[i]) errs.push(invalid(spec.child('ipFamilies').index(0), nf, 'may not change once set')); });
    } else if (of.length > nf.length && nf.length > 0 && nf[0] !== of[0]) {
      errs.push(invalid(spec.child('ipFamilies').index(0), nips, 'may not change once set'));
    }
  }
  return errs;
}

export const serviceRules: KindRules = {
  defaults: defaultService,
  validate: validateService,
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateServiceUpdate(obj, old), ...validateService(obj)];
  },
  validateStatusUpdate(obj, old) {
    const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
    const ingress = arr(rec(rec(obj['status'])['loadBalancer'])['ingress']);
    ingress.forEach((ing, i) => {
      const ip = s0(rec(ing)['ip']);
      if (ip !== '') for (const m of isValidIp(ip)) errs.push(invalid(root('status', 'loadBalancer', 'ingress').index(i).child('ip'), ip, m));
    });
    return errs;
  },
};
