/** A Kubernetes object as the generators build it: plain data, no YAML. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/**
 * One file of the GitOps repository. Manifest files hold objects (serialised
 * as a multi-document YAML file at the edge); text files hold text that is
 * not a Kubernetes object (e.g. a kustomization is an object, CODEOWNERS is text).
 */
export type RenderedFile =
  | { path: string; objects: KubeObject[] }
  | { path: string; text: string };

/** A plaintext input that was sealed into a file, kept only in memory for validation. */
export interface SealedPlaintext {
  /** The object the plaintext was sealed into, e.g. `SealedSecret dev-a-cp-1-cloud-init`. */
  sealedInto: string;
  key: string;
  /** What the plaintext is, so the validator knows how to check it. */
  format: 'cloud-config' | 'opaque';
  value: string;
}

/** What a renderer produces: the files, and the secrets it sealed (for validation only). */
export interface RenderResult {
  files: RenderedFile[];
  sealedPlaintexts: SealedPlaintext[];
  /** Embedded documents to validate that are not files of their own. */
  embedded: EmbeddedDocument[];
}

export interface EmbeddedDocument {
  /** Where it is embedded, e.g. `VirtualMachine dev-a-cp-1 networkData`. */
  location: string;
  format: 'network-config-v2' | 'microk8s-launch-config';
  value: unknown;
}

export function isManifestFile(
  file: RenderedFile,
): file is { path: string; objects: KubeObject[] } {
  return 'objects' in file;
}
