// Endpoints: port protocol defaults to TCP; subsets need addresses, valid non-special IPs and named ports.
import { invalid, notSupported, required, root, type FieldError, type FieldPath } from '../../meta/field-path.js';
import type { KindRules, KubeObject } from '../../meta/kind-rules.js';
import { isDns1123Label, isDns1123Subdomain, isIPv4, isQualifiedName, isValidIp, nameIsDnsSubdomain } from '../../meta/name-validation.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';
import { arr, isRec, rec, s0, setDefault } from './json.js';

const protocols = ['SCTP', 'TCP', 'UDP'];

function validateNonSpecialIp(ip: string, path: FieldPath): FieldError[] {
  if (isValidIp(ip).length) return [invalid(path, ip, 'must be a valid IP address')];
  const v4 = isIPv4(ip);
  const lower = ip.toLowerCase();
  if (ip === '0.0.0.0' || lower === '::') return [invalid(path, ip, `may not be unspecified (${ip})`)];
  if ((v4 && ip.startsWith('127.')) || lower === '::1') return [invalid(path, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)')];
  if ((v4 && ip.startsWith('169.254.')) || lower.startsWith('fe8') || lower.startsWith('fe9') || lower.startsWith('fea') || lower.startsWith('feb')) {
    return [invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)')];
  }
  if ((v4 && ip.startsWith('224.0.0.')) || lower.startsWith('ff02:')) return [invalid(path, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)')];
  return [];
}

function validateAddress(a: unknown, path: FieldPath): FieldError[] {
  const o = rec(a);
  const ip = s0(o['ip']);
  const errs = isValidIp(ip).map((m) => invalid(path.child('ip'), ip, m));
  const hostname = s0(o['hostname']);
  if (hostname !== '') for (const m of isDns1123Label(hostname)) errs.push(invalid(path.child('hostname'), hostname, m));
  if (typeof o['nodeName'] === 'string') for (const m of isDns1123Subdomain(o['nodeName'])) errs.push(invalid(path.child('nodeName'), o['nodeName'], m));
  return [...errs, ...validateNonSpecialIp(ip, path.child('ip'))];
}

function validateEndpoints(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain });
  arr(obj['subsets']).forEach((ss, i) => {
    const s = rec(ss);
    const p = root('subsets').index(i);
    const addrs = arr(s['addresses']);
    const notReady = arr(s['notReadyAddresses']);
    if (addrs.length === 0 && notReady.length === 0) errs.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    addrs.forEach((a, j) => errs.push(...validateAddress(a, p.child('addresses').index(j))));
    notReady.forEach((a, j) => errs.push(...validateAddress(a, p.child('notReadyAddresses').index(j))));
    const ports = arr(s['ports']);
    ports.forEach((port, j) => {
      const o = rec(port);
      const pp = p.child('ports').index(j);
      const name = s0(o['name']);
      if (ports.length > 1 && name === '') errs.push(required(pp.child('name')));
      else if (name !== '') for (const m of isDns1123Label(name)) errs.push(invalid(pp.child('name'), name, m));
      const n = o['port'];
      if (typeof n !== 'number' || n < 1 || n > 65535) errs.push(invalid(pp.child('port'), n ?? 0, 'must be between 1 and 65535, inclusive'));
      const proto = s0(o['protocol']);
      if (proto === '') errs.push(required(pp.child('protocol')));
      else if (!protocols.includes(proto)) errs.push(notSupported(pp.child('protocol'), proto, protocols));
      if (typeof o['appProtocol'] === 'string') for (const m of isQualifiedName(o['appProtocol'])) errs.push(invalid(pp.child('appProtocol'), o['appProtocol'], m));
    });
  });
  return errs;
}

export const endpointsRules: KindRules = {
  defaults(obj) {
    for (const ss of arr(obj['subsets'])) for (const p of arr(rec(ss)['ports'])) if (isRec(p)) setDefault(p, 'protocol', 'TCP');
  },
  validate: validateEndpoints,
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateEndpoints(obj)],
};
