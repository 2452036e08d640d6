import {
  clip,
  describeValue,
  Fields,
  isRecord,
  messageOf,
  Parsed,
  withArticle,
} from './shape';

/**
 * A Kubernetes list as the rules read it: the items that parsed and, named
 * with what was wrong, those that did not. Each rule decides what an
 * unreadable item means for its verdict (and says so in its comment); none
 * may read one as healthy.
 */
export interface KubernetesList<T> {
  items: T[];
  /** One reason per item that did not parse, e.g. "Node dev-1: status.conditions is not a list (a string)". */
  unreadable?: string[];
}

/** The metadata the rules read. */
export interface ObjectName {
  name: string;
  namespace?: string;
}

/** `namespace/name`, or the name of a cluster-scoped object. */
export function qualifiedName(metadata: ObjectName): string {
  return `${metadata.namespace ? `${metadata.namespace}/` : ''}${
    metadata.name
  }`;
}

/** Why an answer is not the expected kind: not an object, a `Status` failure, or another kind. */
function notTheKind(body: unknown, expected: string): string | undefined {
  const what = `the answer is not ${withArticle(expected)}`;
  if (!isRecord(body)) return `${what} (${describeValue(body)})`;
  if (body.kind === 'Status') {
    const message =
      typeof body.message === 'string' && body.message
        ? clip(body.message, 200)
        : 'no message';
    return `${what} (kind Status: ${message})`;
  }
  if (body.kind !== expected) {
    return `${what} (${
      typeof body.kind === 'string'
        ? `kind ${clip(body.kind, 60)}`
        : `kind is ${describeValue(body.kind)}`
    })`;
  }
  return undefined;
}

/** The metadata of an object, read before the rest so a problem elsewhere can name it. */
export function readObjectName(object: Fields): ObjectName {
  const metadata = object.object('metadata');
  return {
    name: metadata.name('name'),
    namespace: metadata.optionalName('namespace'),
  };
}

/**
 * Parses a Kubernetes list answer: an object of kind `<Kind>List` whose
 * `items` is a list (the API server always sends one, empty or not). A
 * `kind: Status` body is a failure with its message. Each item is parsed by
 * `parseItem`; one that does not parse is kept in `unreadable`, named by
 * kind and `namespace/name` (or its index when it has no readable name).
 * Never throws.
 */
export function parseKubernetesList<T>(
  body: unknown,
  kind: string,
  parseItem: (item: Fields, name: ObjectName) => T,
): Parsed<KubernetesList<T>> {
  const wrongKind = notTheKind(body, `${kind}List`);
  if (wrongKind) return { ok: false, reason: wrongKind };
  const list = body as Record<string, unknown>;
  if (!Array.isArray(list.items)) {
    return {
      ok: false,
      reason: `the ${kind}List has no items list (items is ${describeValue(
        list.items,
      )})`,
    };
  }
  const items: T[] = [];
  const unreadable: string[] = [];
  list.items.forEach((item: unknown, index: number) => {
    let label = `${kind} items[${index}]`;
    try {
      const fields = Fields.of(item, '');
      const name = readObjectName(fields);
      label = `${kind} ${clip(qualifiedName(name), 120)}`;
      // the API server leaves kind out of built-in list items; where it is there it must match
      const itemKind = fields.raw('kind');
      if (itemKind !== undefined && itemKind !== kind) {
        unreadable.push(
          `${label}: is ${
            typeof itemKind === 'string'
              ? withArticle(clip(itemKind, 60))
              : `of kind ${describeValue(itemKind)}`
          }, not ${withArticle(kind)}`,
        );
        return;
      }
      items.push(parseItem(fields, name));
    } catch (error) {
      unreadable.push(`${label}: ${messageOf(error)}`);
    }
  });
  return {
    ok: true,
    value: unreadable.length ? { items, unreadable } : { items },
  };
}

/**
 * Parses a single-object answer (GET of one named object): an object of
 * `kind`, read by `parse`. A `kind: Status` body is a failure with its
 * message; a field that does not parse is a failure naming the object.
 * Never throws.
 */
export function parseKubernetesObject<T>(
  body: unknown,
  kind: string,
  parse: (object: Fields, name: ObjectName) => T,
): Parsed<T> {
  const wrongKind = notTheKind(body, kind);
  if (wrongKind) return { ok: false, reason: wrongKind };
  let label = kind;
  try {
    const fields = Fields.of(body, '');
    const name = readObjectName(fields);
    label = `${kind} ${clip(qualifiedName(name), 120)}`;
    return { ok: true, value: parse(fields, name) };
  } catch (error) {
    return { ok: false, reason: `${label}: ${messageOf(error)}` };
  }
}

/** At most this many unreadable items are kept in a check's details (a broken list can be long). */
export const MAX_UNREADABLE_DETAILS = 20;

/** The first few unreadable items' reasons, for a check's reason: "a; b; c (and 4 more)". */
export function listUnreadable(unreadable: string[], max = 3): string {
  const more = unreadable.length - max;
  return `${unreadable.slice(0, max).join('; ')}${
    more > 0 ? ` (and ${more} more)` : ''
  }`;
}

/**
 * The reason for a list with unreadable items: the one item's own reason,
 * or how many of how many, with the first few named.
 */
export function unreadableReason(
  list: KubernetesList<unknown>,
  plural: string,
): string {
  const unreadable = list.unreadable ?? [];
  if (unreadable.length === 1) return unreadable[0];
  const total = list.items.length + unreadable.length;
  return `${
    unreadable.length
  } of ${total} ${plural} unreadable: ${listUnreadable(unreadable)}`;
}
