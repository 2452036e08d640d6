/**
 * The package's validator: one `ManifestValidator` that checks generated
 * Kubernetes manifests, cloud-init cloud-config and network-config, and
 * MicroK8s launch configurations against the upstream schemas. It only holds
 * the schema registry and delegates each check to the module for that format
 * (manifests, cloudConfig, networkConfig, launchConfig,
 * virtualMachineCloudInit); the error type and formatting it exports come
 * from validationErrors.
 */
import {
  validateCloudConfig,
  validateMicroK8sLaunchConfig,
  validateNetworkConfig,
} from './documents';
import { validateManifest, validateManifestYaml } from './manifests';
import { defaultSchemaDir, SchemaRegistry } from './schemaRegistry';
import { SupportedKind, supportedKinds } from './schemaSources';
import { ManifestValidationError, ValidationContext } from './validationErrors';
import { validateVirtualMachineCloudInit } from './virtualMachineCloudInit';

export { describeObject, formatValidationErrors } from './validationErrors';
export type {
  ManifestValidationError,
  ValidationContext,
} from './validationErrors';
export type { SupportedKind } from './schemaSources';

export interface ManifestValidatorOptions {
  /**
   * Close object schemas that list properties (see schemaConversion).
   * Defaults to true; turn off only to see what the API server itself accepts.
   */
  strict?: boolean;
}

/**
 * Validates generated Kubernetes objects, cloud-init user-data and network
 * config, and MicroK8s launch configurations against the upstream schemas
 * kept in the package's `schemas/` folder. Schemas are read and compiled on
 * first use and cached, so keep one instance around.
 */
export class ManifestValidator {
  private readonly schemas: SchemaRegistry;

  /**
   * @param schemaDir - the package's `schemas/` folder. Defaults to the one
   *   installed with the package, found with `resolvePackagePath`.
   */
  constructor(
    schemaDir: string = defaultSchemaDir(),
    options: ManifestValidatorOptions = {},
  ) {
    this.schemas = new SchemaRegistry(schemaDir, options.strict ?? true);
  }

  /** The apiVersion/kind pairs `validateManifest` has schemas for. */
  static supportedKinds(): SupportedKind[] {
    return supportedKinds();
  }

  /**
   * Validates one Kubernetes object (as generated, before YAML) against the
   * schema of its apiVersion and kind, and checks metadata.name. Returns no
   * errors when the object is valid.
   */
  validateManifest(
    object: unknown,
    context: { file?: string } = {},
  ): ManifestValidationError[] {
    return validateManifest(this.schemas, object, context);
  }

  /** `validateManifest` for several objects. */
  validateManifests(
    objects: readonly unknown[],
    context: { file?: string } = {},
  ): ManifestValidationError[] {
    return objects.flatMap(object => this.validateManifest(object, context));
  }

  /**
   * Parses a (multi-document) YAML manifest file the way Kubernetes tooling
   * does (YAML 1.1 scalars) and validates every non-empty document.
   */
  validateYaml(
    text: string,
    context: { file?: string } = {},
  ): ManifestValidationError[] {
    return validateManifestYaml(text, context, (object, ctx) =>
      this.validateManifest(object, ctx),
    );
  }

  /**
   * Validates cloud-init user-data: the first line must be `#cloud-config`,
   * the rest YAML (read as YAML 1.1, like PyYAML) that conforms to
   * cloud-init's cloud-config schema.
   */
  validateCloudConfig(
    userData: string,
    context: ValidationContext = {},
  ): ManifestValidationError[] {
    return validateCloudConfig(this.schemas, userData, context);
  }

  /**
   * Validates cloud-init network configuration version 2 (netplan style),
   * given parsed or as YAML text; with or without the top-level `network:` key.
   */
  validateNetworkConfig(
    config: unknown,
    context: ValidationContext = {},
  ): ManifestValidationError[] {
    return validateNetworkConfig(this.schemas, config, context);
  }

  /**
   * Validates one MicroK8s launch configuration document (parsed, or YAML
   * text with one or more `---` separated documents).
   */
  validateMicroK8sLaunchConfig(
    config: unknown,
    context: ValidationContext = {},
  ): ManifestValidationError[] {
    return validateMicroK8sLaunchConfig(this.schemas, config, context);
  }

  /**
   * Validates the cloud-init user-data (when it is cloud-config, or has no
   * recognised header) and network data embedded in the `cloudInitNoCloud` /
   * `cloudInitConfigDrive` volumes of a VirtualMachine,
   * VirtualMachineInstance or VirtualMachinePool. Not part of
   * `validateManifest`, so callers that validate the embedded
   * documents separately do not get every error twice.
   */
  validateVirtualMachineCloudInit(
    object: unknown,
    context: { file?: string } = {},
  ): ManifestValidationError[] {
    return validateVirtualMachineCloudInit(object, context, {
      cloudConfig: (userData, ctx) => this.validateCloudConfig(userData, ctx),
      networkConfig: (networkData, ctx) =>
        this.validateNetworkConfig(networkData, ctx),
    });
  }
}
