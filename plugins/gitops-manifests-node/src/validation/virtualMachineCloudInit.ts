/**
 * Finds the cloud-init documents embedded in KubeVirt objects (the
 * `cloudInitNoCloud` / `cloudInitConfigDrive` volumes of a VirtualMachine,
 * VirtualMachineInstance or VirtualMachinePool), decodes them, and hands the
 * user-data that is cloud-config and the network data to the cloud-config and
 * network-config validators it is given, labelled with their owner.
 */
import {
  describeObject,
  isRecord,
  ManifestValidationError,
  ValidationContext,
} from './validationErrors';

/** User-data formats other than cloud-config that cloud-init recognises by their first line. */
const OTHER_USER_DATA_PREFIXES = [
  '#!',
  '#include',
  '#cloud-boothook',
  '#part-handler',
  '#upstart-job',
  '#cloud-config-archive',
  '## template: jinja',
  'Content-Type:',
];

/** Validators of the two embedded document formats, called with the owner as `context.object`. */
export interface EmbeddedCloudInitValidators {
  cloudConfig(
    userData: string,
    context: ValidationContext,
  ): ManifestValidationError[];
  networkConfig(
    networkData: string,
    context: ValidationContext,
  ): ManifestValidationError[];
}

/**
 * Validates the cloud-init user-data (when it is cloud-config, or has no
 * recognised header) and network data embedded in the `cloudInitNoCloud` /
 * `cloudInitConfigDrive` volumes of a VirtualMachine,
 * VirtualMachineInstance or VirtualMachinePool.
 */
export function validateVirtualMachineCloudInit(
  object: unknown,
  context: { file?: string },
  validators: EmbeddedCloudInitValidators,
): ManifestValidationError[] {
  const owner = describeObject(object);
  const errors: ManifestValidationError[] = [];
  for (const volume of cloudInitVolumes(object)) {
    for (const sourceKey of ['cloudInitNoCloud', 'cloudInitConfigDrive']) {
      const source = volume[sourceKey];
      if (!isRecord(source)) {
        continue;
      }
      const userData = textOrBase64(source.userData, source.userDataBase64);
      if (
        userData !== undefined &&
        !OTHER_USER_DATA_PREFIXES.some(prefix => userData.startsWith(prefix))
      ) {
        errors.push(
          ...validators.cloudConfig(userData, {
            ...context,
            object: owner,
          }),
        );
      }
      const networkData = textOrBase64(
        source.networkData,
        source.networkDataBase64,
      );
      if (networkData !== undefined) {
        errors.push(
          ...validators.networkConfig(networkData, {
            ...context,
            object: owner,
          }),
        );
      }
    }
  }
  return errors;
}

function textOrBase64(text: unknown, base64: unknown): string | undefined {
  if (typeof text === 'string') {
    return text;
  }
  if (typeof base64 === 'string') {
    return Buffer.from(base64, 'base64').toString('utf8');
  }
  return undefined;
}

function cloudInitVolumes(object: unknown): Record<string, unknown>[] {
  if (!isRecord(object)) {
    return [];
  }
  const dig = (value: unknown, ...keys: string[]): unknown =>
    keys.reduce<unknown>(
      (current, k) => (isRecord(current) ? current[k] : undefined),
      value,
    );
  let volumes: unknown;
  switch (object.kind) {
    case 'VirtualMachineInstance':
      volumes = dig(object, 'spec', 'volumes');
      break;
    case 'VirtualMachine':
      volumes = dig(object, 'spec', 'template', 'spec', 'volumes');
      break;
    case 'VirtualMachinePool':
      volumes = dig(
        object,
        'spec',
        'virtualMachineTemplate',
        'spec',
        'template',
        'spec',
        'volumes',
      );
      break;
    default:
      volumes = undefined;
  }
  return Array.isArray(volumes) ? volumes.filter(isRecord) : [];
}
