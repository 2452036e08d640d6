/**
 * The shape every validator in this folder reports problems in, and the
 * helpers that fill it in and print it: `ManifestValidationError` (object,
 * file, JSON pointer path, rule), the `ValidationContext` a caller says where
 * a value comes from with, how objects and embedded documents are labelled in
 * errors, and the one-line-per-error text format.
 */

/** One problem found in a generated object or document. */
export interface ManifestValidationError {
  /** What was checked, e.g. `VirtualMachine dev-cp-1` or `cloud-config of VirtualMachine dev-cp-1`. */
  object: string;
  /** The file it belongs to, when known. */
  file?: string;
  /** JSON pointer into the object (`''` is the whole object), e.g. `/spec/template/spec/domain/cpu/cores`. */
  path: string;
  /** What is wrong, e.g. `must be integer` or `must NOT have additional property "runstrategy"`. */
  rule: string;
}

/** Where a checked value comes from. */
export interface ValidationContext {
  /** File the value is (or will be) written to. */
  file?: string;
  /**
   * The object an embedded document belongs to, e.g. `VirtualMachine dev-cp-1`;
   * errors then name `cloud-config of VirtualMachine dev-cp-1`.
   */
  object?: string;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function withFile(
  error: Omit<ManifestValidationError, 'file'>,
  file: string | undefined,
): ManifestValidationError {
  return file === undefined ? error : { ...error, file };
}

export function embeddedLabel(
  what: string,
  context: ValidationContext,
): string {
  return context.object ? `${what} of ${context.object}` : what;
}

/** Label of a Kubernetes object in errors: `<kind> <name>`. */
export function describeObject(object: unknown): string {
  if (!isRecord(object)) {
    return 'object';
  }
  const kind = typeof object.kind === 'string' ? object.kind : 'object';
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const name =
    typeof metadata.name === 'string' && metadata.name !== ''
      ? metadata.name
      : '(unnamed)';
  return `${kind} ${name}`;
}

/**
 * One line per error: `<file>: <object> at <path>: <rule>` (the file part
 * is left out when unknown; the whole object is shown as `(root)`).
 */
export function formatValidationErrors(
  errors: readonly ManifestValidationError[],
): string {
  return errors
    .map(error => {
      const where = `${error.object} at ${
        error.path === '' ? '(root)' : error.path
      }: ${error.rule}`;
      return error.file ? `${error.file}: ${where}` : where;
    })
    .join('\n');
}
