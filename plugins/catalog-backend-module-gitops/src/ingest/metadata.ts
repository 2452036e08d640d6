import { globMatcher } from './discovery';

/**
 * The keys an Application (or ApplicationSet template) carries to say where
 * it belongs in the catalog. Each is read from the annotations first, then
 * from the labels (label values cannot hold `:` or `/`, so entity refs go in
 * annotations).
 */
export const METADATA_KEYS = {
  /** The community convention: the catalog entity this Application deploys (becomes `dependencyOf`). */
  entityRef: 'backstage.io/entity-ref',
  /** Owner: a group name or ref. */
  owner: 'platform.proficientnow.io/owner',
  /** System the Application belongs to: a name or ref. */
  system: 'platform.proficientnow.io/system',
  /** The portal's own generators write the system's name as `group`. */
  group: 'platform.proficientnow.io/group',
  /** Domain, shown as a label and tag. */
  domain: 'platform.proficientnow.io/domain',
  /** The portal's own generators: the name of the Component this Application deploys. */
  component: 'platform.proficientnow.io/component',
  /** Entities this Application depends on: refs, comma-separated. */
  dependsOn: 'platform.proficientnow.io/depends-on',
} as const;

/** A rule that decides how Applications from some files become entities; the first match wins, metadata wins over rules. */
export interface EntityRule {
  /** Glob of repository paths, e.g. `apps/payments/**`. */
  path?: string;
  /** Repository path prefix (older form of `path`). */
  pathPrefix?: string;
  kind?: 'Component' | 'Resource';
  type?: string;
  system?: string;
  domain?: string;
  owner?: string;
}

export function ruleMatcher(
  rules: EntityRule[] | undefined,
): (path: string) => EntityRule | undefined {
  const compiled = (rules ?? []).map(rule => ({
    rule,
    matches: rule.path
      ? globMatcher([rule.path.replace(/^\.?\/+/, '')])
      : (p: string) => p.startsWith(rule.pathPrefix ?? ''),
  }));
  return path => compiled.find(c => c.matches(path))?.rule;
}

/** The value of a metadata key on an object: annotation first, then label. */
export function metadataValue(object: any, key: string): string | undefined {
  for (const source of [
    object?.metadata?.annotations,
    object?.metadata?.labels,
  ]) {
    const value = source?.[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
}

/** `kind:namespace/name`, lowercased, from a ref or a bare name of a default kind. */
export function normalizeRef(
  ref: string,
  defaultKind: string,
): string | undefined {
  const match = /^(?:([A-Za-z][\w-]*):)?(?:([\w.-]+)\/)?([\w.-]+)$/.exec(
    ref.trim(),
  );
  if (!match) return undefined;
  const [, kind, namespace, name] = match;
  return `${(kind ?? defaultKind).toLowerCase()}:${(
    namespace ?? 'default'
  ).toLowerCase()}/${name.toLowerCase()}`;
}
