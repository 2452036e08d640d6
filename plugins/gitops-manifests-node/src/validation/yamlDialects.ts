/**
 * The two ways the documents this package writes are read back, as options
 * for the `yaml` library: Kubernetes tooling (sigs.k8s.io/yaml, for manifests
 * and MicroK8s launch configurations) and cloud-init (PyYAML, for cloud-config
 * and network-config). The validators parse with the same dialect as the
 * program that will read the document, so a scalar means the same thing to
 * both.
 */
import { DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';

type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions;

/**
 * YAML as Kubernetes tooling reads it: sigs.k8s.io/yaml uses go-yaml v2,
 * which follows YAML 1.1 scalars (`yes`/`on`/`y` are booleans, `0644` is
 * octal) but has no base-60 numbers (`12:30` stays a string) and hands
 * timestamps on as strings.
 */
export const KUBERNETES_YAML: YamlOptions = {
  version: '1.1',
  customTags: tags =>
    tags.filter(
      tag =>
        typeof tag !== 'object' ||
        (tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.format !== 'TIME'),
    ),
};
/** YAML as cloud-init reads it: PyYAML, YAML 1.1 including timestamps. */
export const PYYAML: YamlOptions = { version: '1.1' };
