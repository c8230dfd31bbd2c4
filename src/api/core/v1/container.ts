// Containers: upstream defaults (pull policy, termination message, port protocol, probes, resources) and
// validation of regular and init containers (names, image, ports, env, mounts, probes, resources).
import { duplicate, forbidden, invalid, notFound, notSupported, required, type FieldError, type FieldPath } from '../../meta/field-path.js';
import { inclusiveRangeError, isDns1123Label, isValidPortName, isValidPortNum } from '../../meta/name-validation.js';
import { defaultEnv, validateEnv, validateEnvFrom } from './env.js';
import { arr, isRec, rec, s0, setDefault, type Rec } from './json.js';
import { defaultLifecycle, defaultProbe, validateContainerProbe, validateLifecycle } from './probe.js';
import { defaultResourceList, validateContainerResources } from './resources.js';
import { validateLocalDescendingPath } from './volume-sources.js';

const protocols = ['SCTP', 'TCP', 'UDP'];
const pullPolicies = ['Always', 'IfNotPresent', 'Never'];

/** The tag as upstream's ParseImageName sees it: "latest" when neither tag nor digest is given. */
export function imageTag(image: string): string {
  if (image === '') return '';
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const last = name.slice(name.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  if (colon >= 0) return last.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

/** SetDefaults_Container and the defaults of everything nested in a container. */
export function defaultContainer(c: Rec): void {
  if (c['imagePullPolicy'] === undefined || c['imagePullPolicy'] === null || c['imagePullPolicy'] === '') {
    c['imagePullPolicy'] = imageTag(s0(c['image'])) === 'latest' ? 'Always' : 'IfNotPresent';
  }
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  for (const p of arr(c['ports'])) if (isRec(p)) setDefault(p, 'protocol', 'TCP');
  defaultEnv(c['env']);
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[probe]);
  defaultLifecycle(c['lifecycle']);
  // resources is a struct upstream: it is always serialized, as {} when empty.
  if (!isRec(c['resources'])) c['resources'] = {};
  const r = c['resources'] as Rec;
  defaultResourceList(r['limits']);
  defaultResourceList(r['requests']);
}

function validatePorts(ports: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(ports).forEach((port, i) => {
    const p = rec(port);
    const pp = path.index(i);
    const name = s0(p['name']);
    if (name !== '') {
      const msgs = isValidPortName(name);
      if (msgs.length) for (const m of msgs) errs.push(invalid(pp.child('name'), name, m));
      else if (names.has(name)) errs.push(duplicate(pp.child('name'), name));
      else names.add(name);
    }
    const cp = p['containerPort'];
    if (cp === undefined || cp === null || cp === 0) errs.push(required(pp.child('containerPort')));
    else for (const m of isValidPortNum(Number(cp))) errs.push(invalid(pp.child('containerPort'), cp, m));
    const hp = p['hostPort'];
    if (hp !== undefined && hp !== null && hp !== 0) for (const m of isValidPortNum(Number(hp))) errs.push(invalid(pp.child('hostPort'), hp, m));
    const proto = s0(p['protocol']);
    if (proto === '') errs.push(required(pp.child('protocol')));
    else if (!protocols.includes(proto)) errs.push(notSupported(pp.child('protocol'), proto, protocols));
  });
  return errs;
}

function validateVolumeMounts(c: Rec, volumes: ReadonlyMap<string, Rec>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const mountPaths = new Set<string>();
  const privileged = rec(c['securityContext'])['privileged'] === true;
  arr(c['volumeMounts']).forEach((m, i) => {
    const o = rec(m);
    const p = path.index(i);
    const name = s0(o['name']);
    const mountPath = s0(o['mountPath']);
    if (name === '') errs.push(required(p.child('name')));
    if (!volumes.has(name)) errs.push(notFound(p.child('name'), name));
    if (mountPath === '') errs.push(required(p.child('mountPath')));
    if (mountPaths.has(mountPath)) errs.push(invalid(p.child('mountPath'), mountPath, 'must be unique'));
    mountPaths.add(mountPath);
    const subPath = s0(o['subPath']);
    const subPathExpr = s0(o['subPathExpr']);
    if (subPath !== '') errs.push(...validateLocalDescendingPath(subPath, path.child('subPath')));
    if (subPathExpr !== '') {
      if (subPath !== '') errs.push(invalid(p.child('subPathExpr'), subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(subPathExpr, path.child('subPathExpr')));
    }
    const prop = o['mountPropagation'];
    if (prop !== undefined && prop !== null) {
      const supported = ['Bidirectional', 'HostToContainer', 'None'];
      if (!supported.includes(String(prop))) errs.push(notSupported(path.child('mountPropagation'), prop, supported));
      if (prop === 'Bidirectional' && !privileged) errs.push(forbidden(path.child('mountPropagation'), 'Bidirectional mount propagation is available only to privileged containers'));
    }
  });
  return errs;
}

function validateSecurityContext(sc: unknown, path: FieldPath): FieldError[] {
  if (!isRec(sc)) return [];
  const errs: FieldError[] = [];
  for (const f of ['runAsUser', 'runAsGroup']) {
    const v = sc[f];
    if (typeof v === 'number' && (v < 0 || v > 2147483647)) errs.push(invalid(path.child(f), v, inclusiveRangeError(0, 2147483647)));
  }
  if (sc['allowPrivilegeEscalation'] === false && sc['privileged'] === true) {
    errs.push(invalid(path, sc, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
  }
  return errs;
}

/** validateContainerCommon: the checks shared by regular and init containers. */
function validateContainerCommon(c: Rec, volumes: ReadonlyMap<string, Rec>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = s0(c['name']);
  if (name === '') errs.push(required(path.child('name')));
  else for (const m of isDns1123Label(name)) errs.push(invalid(path.child('name'), name, m));
  if (s0(c['image']) === '') errs.push(required(path.child('image')));
  const tmp = s0(c['terminationMessagePolicy']);
  if (tmp === '') errs.push(required(path.child('terminationMessagePolicy')));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') errs.push(notSupported(path.child('terminationMessagePolicy'), tmp, ['File', 'FallbackToLogsOnError']));
  errs.push(...validatePorts(c['ports'], path.child('ports')));
  errs.push(...validateEnv(c['env'], path.child('env')));
  errs.push(...validateEnvFrom(c['envFrom'], path.child('envFrom')));
  errs.push(...validateVolumeMounts(c, volumes, path.child('volumeMounts')));
  const pp = s0(c['imagePullPolicy']);
  if (pp === '') errs.push(required(path.child('imagePullPolicy')));
  else if (!pullPolicies.includes(pp)) errs.push(notSupported(path.child('imagePullPolicy'), pp, pullPolicies));
  errs.push(...validateContainerResources(c['resources'], path.child('resources')));
  errs.push(...validateSecurityContext(c['securityContext'], path.child('securityContext')));
  return errs;
}

function validateHostPortConflicts(containers: unknown[], path: FieldPath, seen = new Set<string>()): FieldError[] {
  const errs: FieldError[] = [];
  containers.forEach((c, ci) => {
    arr(rec(c)['ports']).forEach((port, pi) => {
      const p = rec(port);
      const hp = p['hostPort'];
      if (hp === undefined || hp === null || hp === 0) return;
      const key = `${s0(p['protocol'])}/${s0(p['hostIP'])}/${String(hp)}`;
      if (seen.has(key)) errs.push(duplicate(path.index(ci).child('ports').index(pi).child('hostPort'), key));
      else seen.add(key);
    });
  });
  return errs;
}

export function validateContainers(containers: unknown, volumes: ReadonlyMap<string, Rec>, gracePeriod: unknown, path: FieldPath): FieldError[] {
  const list = arr(containers);
  if (list.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((x, i) => {
    const c = rec(x);
    const p = path.index(i);
    errs.push(...validateContainerCommon(c, volumes, p));
    const name = s0(c['name']);
    if (names.has(name)) errs.push(duplicate(p.child('name'), name));
    else names.add(name);
    errs.push(...validateLifecycle(c['lifecycle'], gracePeriod, p.child('lifecycle')));
    errs.push(...validateContainerProbe('livenessProbe', c['livenessProbe'], gracePeriod, p.child('livenessProbe')));
    errs.push(...validateContainerProbe('readinessProbe', c['readinessProbe'], gracePeriod, p.child('readinessProbe')));
    errs.push(...validateContainerProbe('startupProbe', c['startupProbe'], gracePeriod, p.child('startupProbe')));
    if (c['restartPolicy'] !== undefined && c['restartPolicy'] !== null) errs.push(forbidden(p.child('restartPolicy'), 'may not be set for non-init containers'));
  });
  errs.push(...validateHostPortConflicts(list, path));
  return errs;
}

export function validateInitContainers(initContainers: unknown, regular: unknown, volumes: ReadonlyMap<string, Rec>, gracePeriod: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(arr(regular).map((c) => s0(rec(c)['name'])));
  arr(initContainers).forEach((x, i) => {
    const c = rec(x);
    const p = path.index(i);
    errs.push(...validateContainerCommon(c, volumes, p));
    const rp = c['restartPolicy'];
    const restartAlways = rp === 'Always';
    if (rp !== undefined && rp !== null && rp !== 'Always') errs.push(notSupported(p.child('restartPolicy'), rp, ['Always']));
    const name = s0(c['name']);
    if (names.has(name)) errs.push(duplicate(p.child('name'), name));
    else if (name !== '') names.add(name);
    errs.push(...validateHostPortConflicts([c], path));
    if (restartAlways) {
      errs.push(...validateLifecycle(c['lifecycle'], gracePeriod, p.child('lifecycle')));
      for (const k of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) errs.push(...validateContainerProbe(k, c[k], gracePeriod, p.child(k)));
    } else {
      for (const k of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (isRec(c[k])) errs.push(forbidden(p.child(k), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errs;
}

/** Pod-only (not template) container checks: no whitespace around the image. */
export function validateContainersOnlyForPod(containers: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  arr(containers).forEach((c, i) => {
    const image = s0(rec(c)['image']);
    if (image !== image.trim()) errs.push(invalid(path.index(i).child('image'), image, 'must not have leading or trailing whitespace'));
  });
  return errs;
}
