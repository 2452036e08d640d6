import { HealthCheck, HealthStatus, statusWhen } from '../model';

const FAILED =
  /^(Error|CrashLoopBackOff|ErrorUnschedulable|ErrImagePull|ImagePullBackOff|ErrorPvcNotFound|ErrorDataVolumeNotFound|DataVolumeError|Unknown)/;

/**
 * KubeVirt rules, for the VMs of nested clusters: a VM in an error state is
 * critical; a VM that should run (runStrategy Always, or the deprecated
 * running: true) but is not Ready is a warning. Each is named.
 */
export function evaluateVirtualMachines(
  list: any,
  observedAt: string,
): HealthCheck[] {
  const vms: any[] = list?.items ?? [];
  const name = (vm: any) =>
    `${vm.metadata?.namespace ? `${vm.metadata.namespace}/` : ''}${
      vm.metadata?.name ?? '?'
    }`;
  const failed = vms
    .filter(vm => FAILED.test(vm.status?.printableStatus ?? ''))
    .map(vm => `${name(vm)} (${vm.status.printableStatus})`);
  const shouldRun = (vm: any) =>
    vm.spec?.runStrategy === 'Always' ||
    vm.spec?.runStrategy === 'RerunOnFailure' ||
    vm.spec?.running === true;
  const notReady = vms
    .filter(
      vm =>
        shouldRun(vm) &&
        !vm.status?.ready &&
        !FAILED.test(vm.status?.printableStatus ?? ''),
    )
    .map(vm => `${name(vm)} (${vm.status?.printableStatus ?? 'no status'})`);
  const status: HealthStatus = statusWhen(
    [
      [failed.length > 0, 'critical'],
      [notReady.length > 0, 'warning'],
    ],
    'ok',
  );
  return [
    {
      id: 'kubevirt.vms',
      subsystem: 'kubevirt',
      status,
      reason:
        status === 'ok'
          ? `${vms.length} VMs running as intended`
          : [
              failed.length ? `failing: ${failed.join(', ')}` : '',
              notReady.length ? `not ready: ${notReady.join(', ')}` : '',
            ]
              .filter(Boolean)
              .join('; '),
      observedAt,
      details: { total: vms.length, failed, notReady },
    },
  ];
}
