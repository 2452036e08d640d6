import {
  KubernetesList,
  ObjectName,
  parseKubernetesList,
} from './kubernetesObjects';
import { Fields, Parsed } from './shape';

/** Rook's `CephCluster.status.ceph` (ceph.rook.io/v1 `CephStatus`) as the Ceph rules read it. */
export interface RookCephStatus {
  /** Ceph's level as Rook copied it: HEALTH_OK, HEALTH_WARN, HEALTH_ERR. */
  health: string;
  lastChecked?: string;
  details?: Record<string, { severity: string; message: string }>;
  /** Rook leaves zero values out (Go `omitempty`). */
  capacity?: {
    bytesTotal?: number;
    bytesUsed?: number;
    bytesAvailable?: number;
    lastUpdated?: string;
  };
}

/** A ceph.rook.io/v1 CephCluster as the Ceph rules read it. */
export interface RookCephCluster {
  metadata: ObjectName;
  /** No `status.ceph` until the operator first reports. */
  status?: { ceph?: RookCephStatus };
}

export type RookCephClusterList = KubernetesList<RookCephCluster>;

function readCephStatus(ceph: Fields): RookCephStatus {
  const details = ceph.optionalObject('details');
  const capacity = ceph.optionalObject('capacity');
  return {
    health: ceph.string('health'),
    lastChecked: ceph.optionalTime('lastChecked'),
    ...(details
      ? {
          details: Object.fromEntries(
            details.keys().map(check => {
              const detail = details.object(check);
              return [
                check,
                {
                  severity: detail.string('severity'),
                  message: detail.string('message'),
                },
              ];
            }),
          ),
        }
      : {}),
    ...(capacity
      ? {
          capacity: {
            bytesTotal: capacity.optionalAmount('bytesTotal'),
            bytesUsed: capacity.optionalAmount('bytesUsed'),
            bytesAvailable: capacity.optionalAmount('bytesAvailable'),
            lastUpdated: capacity.optionalTime('lastUpdated'),
          },
        }
      : {}),
  };
}

/**
 * Parses `GET /apis/ceph.rook.io/v1/cephclusters`: a `CephClusterList`
 * whose clusters have a name and, once Rook reported, a `status.ceph` with
 * a string `health`, times that parse (`lastChecked`,
 * `capacity.lastUpdated`), `details` mapping each check to a string
 * severity and message, and byte counts that are finite and not negative.
 */
export function parseCephClusterList(
  body: unknown,
): Parsed<RookCephClusterList> {
  return parseKubernetesList(body, 'CephCluster', (cluster, metadata) => {
    const ceph = cluster.optionalObject('status')?.optionalObject('ceph');
    return ceph
      ? { metadata, status: { ceph: readCephStatus(ceph) } }
      : { metadata, status: {} };
  });
}
