// EndpointSlice (discovery.k8s.io/v1): port defaults (name "", protocol TCP) and validation of addressType
// (required, immutable), endpoints and ports.
import {
  duplicate, invalid, notSupported, required, root, tooMany, validateObjectMeta, validateObjectMetaUpdate,
  type FieldError, type FieldPath, type KindRules, type KubeObject,
} from '../../meta/index.js';
import { arr, immutable, isRecord, rec, setDefault, str } from '../../apps/v1/index.js';

/** The label naming the Service an EndpointSlice belongs to (the endpoints controller sets it, DNS reads it). */
export const serviceNameLabel = 'kubernetes.io/service-name';

const addressTypes = ['IPv4', 'IPv6', 'FQDN'] as const;
const protocols = ['TCP', 'UDP', 'SCTP'] as const;
const maxEndpoints = 1000;
const maxAddresses = 100;
const maxPorts = 100;
const ipv4Re = /^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$/;
const labelRe = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const subdomainRe = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function isIPv6(s: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return false;
  const doubles = s.split('::').length - 1;
  if (doubles > 1) return false;
  const groups = s.split(':').filter((g) => g !== '');
  const last = groups[groups.length - 1] ?? '';
  const v4 = last.includes('.');
  if (v4 && !ipv4Re.test(last)) return false;
  const hexGroups = v4 ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = hexGroups.length + (v4 ? 2 : 0);
  return doubles === 1 ? count < 8 : count === 8;
}

function validateAddress(addr: string, type: string, path: FieldPath): FieldError[] {
  switch (type) {
    case 'IPv4':
      return ipv4Re.test(addr) ? [] : [invalid(path, addr, 'must be a valid IPv4 address')];
    case 'IPv6':
      return isIPv6(addr) ? [] : [invalid(path, addr, 'must be a valid IPv6 address')];
    case 'FQDN':
      return addr.length <= 253 && subdomainRe.test(addr) ? [] : [invalid(path, addr, 'must be a valid DNS subdomain')];
    default:
      return [];
  }
}

function validateEndpoints(endpoints: unknown, type: string, path: FieldPath): FieldError[] {
  const list = arr(endpoints);
  const errs: FieldError[] = [];
  if (list.length > maxEndpoints) errs.push(tooMany(path, list.length, maxEndpoints));
  list.forEach((ep, i) => {
    const p = path.index(i);
    const e = rec(ep);
    const addrs = arr(e['addresses']);
    if (addrs.length === 0) errs.push(required(p.child('addresses'), 'must contain at least 1 address'));
    else if (addrs.length > maxAddresses) errs.push(tooMany(p.child('addresses'), addrs.length, maxAddresses));
    addrs.forEach((a, j) => errs.push(...validateAddress(str(a), type, p.child('addresses').index(j))));
    const hostname = e['hostname'];
    if (typeof hostname === 'string' && !(hostname.length <= 63 && labelRe.test(hostname))) {
      errs.push(invalid(p.child('hostname'), hostname, 'must be a valid DNS label'));
    }
    const nodeName = e['nodeName'];
    if (typeof nodeName === 'string' && !(nodeName.length <= 253 && subdomainRe.test(nodeName))) {
      errs.push(invalid(p.child('nodeName'), nodeName, 'must be a valid DNS subdomain'));
    }
  });
  return errs;
}

function validatePorts(ports: unknown, path: FieldPath): FieldError[] {
  const list = arr(ports);
  const errs: FieldError[] = [];
  if (list.length > maxPorts) errs.push(tooMany(path, list.length, maxPorts));
  const names = new Set<string>();
  list.forEach((port, i) => {
    const p = path.index(i);
    const r = rec(port);
    const name = str(r['name']);
    if (name !== '' && !(name.length <= 63 && labelRe.test(name))) errs.push(invalid(p.child('name'), name, 'must be a valid DNS label'));
    if (names.has(name)) errs.push(duplicate(p.child('name'), name));
    names.add(name);
    const protocol = r['protocol'];
    if (protocol === undefined || protocol === null) errs.push(required(p.child('protocol')));
    else if (!(protocols as readonly unknown[]).includes(protocol)) errs.push(notSupported(p.child('protocol'), protocol, protocols));
    const num = r['port'];
    if (typeof num === 'number' && (num < 1 || num > 65535 || !Number.isInteger(num))) {
      errs.push(invalid(p.child('port'), num, 'must be between 1 and 65535, inclusive'));
    }
  });
  return errs;
}

function validateEndpointSlice(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true });
  const type = obj['addressType'];
  if (type === undefined || type === null || type === '') errs.push(required(root('addressType')));
  else if (!(addressTypes as readonly unknown[]).includes(type)) errs.push(notSupported(root('addressType'), type, addressTypes));
  errs.push(...validateEndpoints(obj['endpoints'], str(type), root('endpoints')));
  errs.push(...validatePorts(obj['ports'], root('ports')));
  return errs;
}

export const endpointSliceRules: KindRules = {
  defaults(obj) {
    for (const port of arr(obj['ports'])) {
      if (!isRecord(port)) continue;
      setDefault(port, 'name', '');
      setDefault(port, 'protocol', 'TCP');
    }
  },
  validate: validateEndpointSlice,
  validateUpdate: (obj, old) => [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...validateEndpointSlice(obj).filter((e) => !e.field.startsWith('metadata')),
    ...immutable(obj['addressType'], old['addressType'], root('addressType')),
  ],
};
