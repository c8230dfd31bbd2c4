// Pod Security namespace labels (upstream pod-security-admission/api): levels, versions and the enforce/audit/warn
// policy of a namespace, with upstream's fallbacks (invalid enforce fails closed, invalid audit/warn fail open).
import { invalid, root, type FieldError } from '../meta/field-path.js';

export type Level = 'privileged' | 'baseline' | 'restricted';
/** A policy version: `latest`, or 1.<minor>. */
export type Version = 'latest' | number;

export interface LevelVersion {
  readonly level: Level;
  readonly version: Version;
}

export interface Policy {
  readonly enforce: LevelVersion;
  readonly audit: LevelVersion;
  readonly warn: LevelVersion;
}

export const labelPrefix = 'pod-security.kubernetes.io/';
export const enforceLabel = `${labelPrefix}enforce`;
const levels: readonly Level[] = ['privileged', 'baseline', 'restricted'];

/** The default when a namespace has no labels: everything allowed, at the latest version. */
export const defaultPolicy: Policy = {
  enforce: { level: 'privileged', version: 'latest' },
  audit: { level: 'privileged', version: 'latest' },
  warn: { level: 'privileged', version: 'latest' },
};

export const levelVersionString = (lv: LevelVersion): string => `${lv.level}:${lv.version === 'latest' ? 'latest' : `v1.${lv.version}`}`;

const isLevel = (s: string): s is Level => (levels as readonly string[]).includes(s);

function parseVersion(s: string): Version | undefined {
  if (s === 'latest') return 'latest';
  const m = /^v1\.([0-9]|[1-9][0-9]*)$/.exec(s);
  return m ? Number(m[1]) : undefined;
}

/** Upstream CompareLevels: -1 when a is less strict than b, 0 when equal, 1 when stricter. */
export function compareLevels(a: Level, b: Level): number {
  return Math.sign(levels.indexOf(a) - levels.indexOf(b));
}

/** The namespace's policy from its labels, and the label errors (upstream PolicyToEvaluate). */
export function policyFromLabels(labels: Readonly<Record<string, string>> | undefined, defaults: Policy = defaultPolicy): { policy: Policy; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const l = labels ?? {};
  const mode = (name: 'enforce' | 'audit' | 'warn'): LevelVersion => {
    let { level, version } = defaults[name];
    const levelText = l[`${labelPrefix}${name}`];
    if (levelText !== undefined) {
      if (isLevel(levelText)) level = levelText;
      else {
        errors.push(invalid(root('metadata', 'labels').key(`${labelPrefix}${name}`), levelText, `must be one of ${levels.join(', ')}`));
        // An unreadable enforce level enforces the strictest; audit and warn fail open.
        level = name === 'enforce' ? 'restricted' : 'privileged';
      }
    }
    const versionText = l[`${labelPrefix}${name}-version`];
    if (versionText !== undefined) {
      const v = parseVersion(versionText);
      if (v === undefined) errors.push(invalid(root('metadata', 'labels').key(`${labelPrefix}${name}-version`), versionText, 'must be "latest" or "v1.x"'));
      version = v ?? 'latest';
    }
    return { level, version };
  };
  return { policy: { enforce: mode('enforce'), audit: mode('audit'), warn: mode('warn') }, errors };
}

export const sameLevelVersion = (a: LevelVersion, b: LevelVersion): boolean => a.level === b.level && a.version === b.version;
