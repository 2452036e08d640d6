import { EmbeddedDocument, RenderedFile, SealedPlaintext } from './model';
import { serializeFiles } from './serialize/yaml';
import {
  formatValidationErrors,
  ManifestValidationError,
  ManifestValidator,
} from './validation';

/** Thrown when generated files fail validation; nothing may be written or sent. */
export class GeneratedFilesInvalidError extends Error {
  constructor(readonly errors: ManifestValidationError[]) {
    super(
      `the generated files are not valid against the upstream schemas (${
        errors.length
      } problem${errors.length === 1 ? '' : 's'}):\n${formatValidationErrors(
        errors,
      )}`,
    );
    this.name = 'GeneratedFilesInvalidError';
  }
}

export interface ValidationReport {
  /** How many objects and documents were checked, by what. */
  checked: {
    manifests: number;
    cloudConfigs: number;
    launchConfigs: number;
    networkConfigs: number;
    files: number;
  };
  errors: ManifestValidationError[];
}

let sharedValidator: ManifestValidator | undefined;

/** One validator per process: schemas compile once. */
export function defaultValidator(): ManifestValidator {
  sharedValidator ??= new ManifestValidator();
  return sharedValidator;
}

/**
 * Validates what will be written, as it will be written: every manifest file
 * is serialised and parsed back before its objects are checked against the
 * upstream schemas; cloud-init user-data (sealed in the files, plaintext only
 * here), MicroK8s launch configurations and network data are checked against
 * theirs.
 */
export function validateRendered(
  render: {
    files: RenderedFile[];
    sealedPlaintexts?: SealedPlaintext[];
    embedded?: EmbeddedDocument[];
    /**
     * Manifest files written as text (an existing file edited in place, or
     * restored from an older commit), checked as they are.
     */
    textFiles?: ReadonlyMap<string, string>;
  },
  validator: ManifestValidator = defaultValidator(),
): ValidationReport {
  const errors: ManifestValidationError[] = [];
  const checked = {
    manifests: 0,
    cloudConfigs: 0,
    launchConfigs: 0,
    networkConfigs: 0,
    files: 0,
  };
  const serialized = serializeFiles(render.files);
  for (const [path, content] of render.textFiles ?? []) {
    if (serialized.has(path))
      throw new Error(`${path} is both rendered and written as text`);
    serialized.set(path, content);
  }
  for (const [path, content] of serialized) {
    checked.files++;
    if (!/\.ya?ml$/.test(path)) continue;
    errors.push(...validator.validateYaml(content, { file: path }));
    checked.manifests += content.split(/^---$/m).length;
  }
  for (const secret of render.sealedPlaintexts ?? []) {
    if (secret.format !== 'cloud-config') continue;
    checked.cloudConfigs++;
    errors.push(
      ...validator.validateCloudConfig(secret.value, {
        object: `${secret.sealedInto} (${secret.key})`,
      }),
    );
  }
  for (const document of render.embedded ?? []) {
    if (document.format === 'microk8s-launch-config') {
      checked.launchConfigs++;
      errors.push(
        ...validator.validateMicroK8sLaunchConfig(document.value, {
          object: document.location,
        }),
      );
    } else {
      checked.networkConfigs++;
      errors.push(
        ...validator.validateNetworkConfig(document.value, {
          object: document.location,
        }),
      );
    }
  }
  return { checked, errors };
}

/** validateRendered, throwing GeneratedFilesInvalidError when anything is invalid. */
export function assertRenderedValid(
  render: Parameters<typeof validateRendered>[0],
  validator?: ManifestValidator,
): ValidationReport {
  const report = validateRendered(render, validator);
  if (report.errors.length > 0)
    throw new GeneratedFilesInvalidError(report.errors);
  return report;
}
