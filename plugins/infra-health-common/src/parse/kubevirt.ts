import {
  KubernetesList,
  ObjectName,
  parseKubernetesList,
} from './kubernetesObjects';
import { KubernetesCondition, Parsed, readConditions } from './shape';

/** KubeVirt's run strategies (kubevirt.io/v1 `VirtualMachineRunStrategy`). */
export const KUBEVIRT_RUN_STRATEGIES = [
  'Always',
  'RerunOnFailure',
  'Manual',
  'Halted',
  'Once',
  'WaitAsReceiver',
] as const;

/** A kubevirt.io/v1 VirtualMachine as the KubeVirt rule reads it. */
export interface VirtualMachine {
  metadata: ObjectName & { labels?: Record<string, string> };
  spec?: {
    /** Parsed, one of {@link KUBEVIRT_RUN_STRATEGIES}. */
    runStrategy?: string;
    /** Deprecated in favour of runStrategy, still honoured. */
    running?: boolean;
  };
  status?: { printableStatus?: string; ready?: boolean };
}

/** A kubevirt.io/v1 VirtualMachineInstance as the KubeVirt rule reads it. */
export interface VirtualMachineInstance {
  metadata: ObjectName;
  status?: { phase?: string; conditions?: KubernetesCondition[] };
}

export type VirtualMachineList = KubernetesList<VirtualMachine>;
export type VirtualMachineInstanceList = KubernetesList<VirtualMachineInstance>;

/**
 * Parses `GET /apis/kubevirt.io/v1/virtualmachines`: a
 * `VirtualMachineList` whose VMs have a name, string labels, a run strategy
 * KubeVirt defines (an unknown one could hide a VM that should run),
 * `running` and `status.ready` booleans and a string `printableStatus`.
 */
export function parseVirtualMachineList(
  body: unknown,
): Parsed<VirtualMachineList> {
  return parseKubernetesList(body, 'VirtualMachine', (vm, name) => {
    const labels = vm.object('metadata').optionalStringMap('labels');
    const spec = vm.optionalObject('spec');
    const status = vm.optionalObject('status');
    return {
      metadata: Object.keys(labels).length ? { ...name, labels } : name,
      ...(spec
        ? {
            spec: {
              runStrategy: spec.optionalOneOf(
                'runStrategy',
                KUBEVIRT_RUN_STRATEGIES,
              ),
              running: spec.optionalBoolean('running'),
            },
          }
        : {}),
      ...(status
        ? {
            status: {
              printableStatus: status.optionalString('printableStatus'),
              ready: status.optionalBoolean('ready'),
            },
          }
        : {}),
    };
  });
}

/**
 * Parses `GET /apis/kubevirt.io/v1/virtualmachineinstances`: a
 * `VirtualMachineInstanceList` whose instances have a name, a string
 * `status.phase` and conditions as Kubernetes defines them.
 */
export function parseVirtualMachineInstanceList(
  body: unknown,
): Parsed<VirtualMachineInstanceList> {
  return parseKubernetesList(body, 'VirtualMachineInstance', (vmi, name) => {
    const status = vmi.optionalObject('status');
    return {
      metadata: name,
      ...(status
        ? {
            status: {
              phase: status.optionalString('phase'),
              conditions: readConditions(status),
            },
          }
        : {}),
    };
  });
}
