// The naming and establishing controllers' decisions (upstream pkg/controller/status naming_controller and
// pkg/controller/establish), pure: which names a CRD may serve given every CRD of its group, the NamesAccepted
// condition, and when Established turns True.
import type { CustomResourceDefinition, CustomResourceDefinitionCondition, CustomResourceDefinitionNames } from 'kubernetes-types/apiextensions/v1.js';
import { semanticEqual } from '../../meta/index.js';
import { findCrdCondition, isCrdConditionEquivalent, isCrdConditionTrue } from './crd-conditions.js';

type Condition = Omit<CustomResourceDefinitionCondition, 'lastTransitionTime'>;

export interface NamingDecision {
  acceptedNames: CustomResourceDefinitionNames;
  namesAccepted: Condition;
  established: Condition;
}

/** The Established condition the establishing controller writes once the names are accepted. */
export const establishedCondition: Condition = {
  type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted',
};

/** Resource names and kinds already accepted by CRDs of `group` (the CRD being decided included, as upstream). */
function acceptedInGroup(all: readonly CustomResourceDefinition[], group: string): { resources: Set<string>; kinds: Set<string> } {
  const resources = new Set<string>();
  const kinds = new Set<string>();
  for (const crd of all) {
    if (crd.spec?.group !== group) continue;
    const n = crd.status?.acceptedNames;
    resources.add(n?.plural ?? '');
    resources.add(n?.singular ?? '');
    for (const s of n?.shortNames ?? []) resources.add(s);
    kinds.add(n?.kind ?? '');
    kinds.add(n?.listKind ?? '');
  }
  return { resources, kinds };
}

/** upstream equalToAcceptedOrFresh: undefined when the name may be taken, else the conflict message. */
function conflict(requested: string, accepted: string, used: Set<string>): string | undefined {
  if (requested === accepted || !used.has(requested)) return undefined;
  return `${JSON.stringify(requested)} is already in use`;
}

/** Go's aggregate error text: one message alone, several as `[a, b]`. */
const aggregate = (msgs: string[]): string => (msgs.length === 1 ? msgs[0] ?? '' : `[${msgs.join(', ')}]`);

/**
 * upstream calculateNamesAndConditions: each requested name is accepted when it is already ours or unused in the
 * group; a conflict keeps the previously accepted name and sets NamesAccepted False with the last conflict's
 * reason. Established stays as it was once True; otherwise it is False/Installing after names are accepted, or
 * False/NotAccepted. `all` is every CRD in the cluster (read from cache); nothing is mutated.
 */
export function calculateNamesAndConditions(crd: CustomResourceDefinition, all: readonly CustomResourceDefinition[]): NamingDecision {
  const { resources, kinds } = acceptedInGroup(all, crd.spec?.group ?? '');
  const requested = crd.spec?.names ?? ({} as CustomResourceDefinitionNames);
  const accepted = crd.status?.acceptedNames ?? ({} as CustomResourceDefinitionNames);
  // plural and kind are always present on the wire (no omitempty upstream), even while still unaccepted
  const names: CustomResourceDefinitionNames = { ...structuredClone(accepted), plural: accepted.plural ?? '', kind: accepted.kind ?? '' };
  let namesAccepted: Condition = { type: 'NamesAccepted', status: 'Unknown' };
  const fail = (reason: string, message: string): void => { namesAccepted = { type: 'NamesAccepted', status: 'False', reason, message }; };

  const take = <K extends keyof CustomResourceDefinitionNames>(key: K, value: CustomResourceDefinitionNames[K]): void => {
    // upstream's omitempty: an empty optional name is absent, not ""
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete names[key];
    else names[key] = value;
  };
  // One single name (plural, singular, kind, listKind) against the names in use; plural and kind stay present.
  const single = (key: 'plural' | 'singular' | 'kind' | 'listKind', reason: string, used: Set<string>): void => {
    const message = conflict(requested[key] ?? '', accepted[key] ?? '', used);
    if (message) fail(reason, message);
    else if (key === 'plural' || key === 'kind') names[key] = requested[key] ?? '';
    else take(key, requested[key]);
  };
  single('plural', 'PluralConflict', resources);
  single('singular', 'SingularConflict', resources);
  if (JSON.stringify(requested.shortNames ?? []) !== JSON.stringify(accepted.shortNames ?? [])) {
    const ours = new Set(accepted.shortNames ?? []);
    const msgs = (requested.shortNames ?? []).filter((s) => !ours.has(s)).map((s) => conflict(s, '', resources)).filter((m): m is string => m !== undefined);
    if (msgs.length) fail('ShortNamesConflict', aggregate(msgs));
    else take('shortNames', requested.shortNames);
  }
  single('kind', 'KindConflict', kinds);
  single('listKind', 'ListKindConflict', kinds);
  take('categories', requested.categories);
  if (namesAccepted.status === 'Unknown') namesAccepted = { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' };

  const previous = findCrdCondition(crd, 'Established');
  let established: Condition = previous
    ? { type: 'Established', status: previous.status, reason: previous.reason ?? '', message: previous.message ?? '' }
    : { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' };
  if (established.status !== 'True' && namesAccepted.status === 'True') {
    established = { type: 'Established', status: 'False', reason: 'Installing', message: 'the initial names have been accepted' };
  }
  return { acceptedNames: names, namesAccepted, established };
}

/**
 * The naming controller's whole sync decision: undefined when there is nothing to write (spec names equal the
 * accepted names, or neither the accepted names nor NamesAccepted would change); else the status to write.
 */
export function namingUpdate(crd: CustomResourceDefinition, all: readonly CustomResourceDefinition[]): NamingDecision | undefined {
  if (semanticEqual(crd.spec?.names, crd.status?.acceptedNames)) return undefined;
  const d = calculateNamesAndConditions(crd, all);
  if (semanticEqual(d.acceptedNames, crd.status?.acceptedNames ?? {}) && isCrdConditionEquivalent(d.namesAccepted, findCrdCondition(crd, 'NamesAccepted'))) return undefined;
  return d;
}

/** upstream establishing controller: Established becomes True once NamesAccepted is True and it is not yet. */
export function shouldEstablish(crd: CustomResourceDefinition): boolean {
  return isCrdConditionTrue(crd, 'NamesAccepted') && !isCrdConditionTrue(crd, 'Established');
}
