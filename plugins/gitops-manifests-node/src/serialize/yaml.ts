import { Document, stringify } from 'yaml';
import { isManifestFile, KubeObject, RenderedFile } from '../model';

/**
 * The one place where data becomes YAML. Everything goes through the `yaml`
 * library's serialiser, so an input can never add keys, documents or
 * comments; key order is the order the generators built the objects in, so
 * the same request always gives the same bytes.
 */
export function toYaml(value: unknown): string {
  return stringify(value, {
    // YAML 1.1 rules decide what gets quoted: Go's YAML (kubectl, Argo CD) and
    // PyYAML (cloud-init) read unquoted yes/on/no/12:30 as booleans and numbers
    version: '1.1',
    lineWidth: 0,
    indent: 2,
    indentSeq: true,
    aliasDuplicateObjects: false,
    defaultStringType: 'PLAIN',
    defaultKeyType: 'PLAIN',
  });
}

export function toYamlDocuments(objects: KubeObject[]): string {
  return objects.map(object => toYaml(object)).join('---\n');
}

/** A cloud-init user-data file: the `#cloud-config` header, then YAML. */
export function toCloudConfig(value: Record<string, unknown>): string {
  const doc = new Document(value, {
    aliasDuplicateObjects: false,
    version: '1.1',
  });
  return `#cloud-config\n${doc.toString({ lineWidth: 0, indentSeq: true })}`;
}

/** Serialises rendered files into path to content, sorted by path. */
export function serializeFiles(files: RenderedFile[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    if (out.has(file.path)) {
      throw new Error(`two rendered files share the path ${file.path}`);
    }
    out.set(
      file.path,
      isManifestFile(file) ? toYamlDocuments(file.objects) : file.text,
    );
  }
  return out;
}
