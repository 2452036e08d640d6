import {
  KubernetesList,
  ObjectName,
  parseKubernetesList,
} from './kubernetesObjects';
import {
  DetailedCondition,
  MAX_GENERATION,
  Parsed,
  readDetailedConditions,
} from './shape';

/**
 * An object of a configured custom resource kind (a CAPI Cluster, a
 * cert-manager Certificate, a CloudNativePG Cluster ...) as the custom
 * resource rule reads it: its name, its generation and its conditions.
 */
export interface ConditionedResource {
  metadata: ObjectName & { generation?: number };
  status: {
    /** Absent conditions read as none (the object then has no Ready condition). */
    conditions: DetailedCondition[];
    observedGeneration?: number;
  };
}

export type ConditionedResourceList = KubernetesList<ConditionedResource>;

/**
 * Parses `GET /apis/<group>/<version>/[namespaces/<ns>/]<plural>` for a
 * configured kind: a `<Kind>List` whose objects have a name, and, where
 * present, `metadata.generation` and `status.observedGeneration` as whole
 * numbers of at least 0 and `status.conditions` as a list of objects with a
 * string `type` (each once), a `status` of True, False or Unknown, string
 * `reason` and `message` and a whole `observedGeneration`. Everything else
 * the object holds is the kind's own business and is not read.
 */
export function parseCustomResourceList(
  body: unknown,
  kind: string,
): Parsed<ConditionedResourceList> {
  return parseKubernetesList(body, kind, (object, name) => {
    const generation = object
      .object('metadata')
      .optionalCount('generation', MAX_GENERATION);
    const status = object.optionalObject('status');
    const observedGeneration = status?.optionalCount(
      'observedGeneration',
      MAX_GENERATION,
    );
    return {
      metadata: generation !== undefined ? { ...name, generation } : name,
      status: {
        conditions: status ? readDetailedConditions(status) : [],
        ...(observedGeneration !== undefined ? { observedGeneration } : {}),
      },
    };
  });
}
