// Service: upstream defaults (type, ports, affinity, IP families) and validation; clusterIP is immutable.
import { duplicate, invalid, notSupported, required, root, type FieldError } from '../../meta/field-path.js';
import type { KindRules } from '../../meta/kind-rules.js';
import { isDns1035Label } from '../../meta/name-validation.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';
import { arr, child, isRec, rec, setDefault, str } from './json.js';

const types = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

export const serviceRules: KindRules = {
  defaults(obj) {
    const spec = child(obj, 'spec');
    setDefault(spec, 'type', 'ClusterIP');
    setDefault(spec, 'sessionAffinity', 'None');
    for (const p of arr(spec['ports'])) {
      if (!isRec(p)) continue;
      setDefault(p, 'protocol', 'TCP');
      if (p['targetPort'] === undefined || p['targetPort'] === 0 || p['targetPort'] === '') p['targetPort'] = p['port'];
    }
    if (spec['type'] !== 'ExternalName') {
      if (str(spec['clusterIP']) && !isRec(spec['clusterIPs']) && !Array.isArray(spec['clusterIPs'])) spec['clusterIPs'] = [spec['clusterIP']];
      setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
      if (!Array.isArray(spec['ipFamilies']) || spec['ipFamilies'].length === 0) spec['ipFamilies'] = ['IPv4'];
      setDefault(spec, 'internalTrafficPolicy', 'Cluster');
    }
    if (spec['type'] === 'NodePort' || spec['type'] === 'LoadBalancer') setDefault(spec, 'externalTrafficPolicy', 'Cluster');
    if (!isRec(obj['status'])) obj['status'] = { loadBalancer: {} };
  },
  validate(obj) {
    const errs: FieldError[] = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: isDns1035Label });
    const spec = rec(obj['spec']);
    const t = spec['type'];
    if (t !== undefined && !types.includes(String(t))) errs.push(notSupported(root('spec', 'type'), t, types));
    const ports = arr(spec['ports']);
    const headless = spec['clusterIP'] === 'None';
    if (ports.length === 0 && !headless && t !== 'ExternalName') errs.push(required(root('spec', 'ports')));
    const names = new Set<string>();
    ports.forEach((p, i) => {
      const o = rec(p);
      const pp = root('spec', 'ports').index(i);
      const port = o['port'];
      if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) errs.push(port === undefined ? required(pp.child('port')) : invalid(pp.child('port'), port, 'must be between 1 and 65535, inclusive'));
      const n = str(o['name']);
      if (ports.length > 1 && !n) errs.push(required(pp.child('name')));
      if (n) { if (names.has(n)) errs.push(duplicate(pp.child('name'), n)); names.add(n); }
      if (o['protocol'] !== undefined && !['TCP', 'UDP', 'SCTP'].includes(String(o['protocol']))) errs.push(notSupported(pp.child('protocol'), o['protocol'], ['SCTP', 'TCP', 'UDP']));
    });
    if (t === 'ExternalName' && !str(spec['externalName'])) errs.push(required(root('spec', 'externalName')));
    const ip = spec['clusterIP'];
    if (ip !== undefined && ip !== '' && ip !== 'None' && !/^\d{1,3}(\.\d{1,3}){3}$/.test(String(ip))) errs.push(invalid(root('spec', 'clusterIP'), ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    if (headless && (t === 'NodePort' || t === 'LoadBalancer')) errs.push(invalid(root('spec', 'clusterIP'), 'None', 'may not be set to \'None\' for LoadBalancer services'));
    return errs;
  },
  validateUpdate(obj, old) {
    const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...(serviceRules.validate!(obj).filter((e) => !e.field.startsWith('metadata')))];
    const n = rec(obj['spec']);
    const o = rec(old['spec']);
    if (o['clusterIP'] && n['clusterIP'] !== o['clusterIP'] && n['type'] !== 'ExternalName') errs.push(invalid(root('spec', 'clusterIP'), n['clusterIP'] ?? '', 'field is immutable'));
    return errs;
  },
};
