import picomatch from 'picomatch';

/** Which files of the repository the provider looks at. */
export interface DiscoveryOptions {
  /** Globs of files to read; the repository root (`''`, `.`, `/`) or a folder means every YAML file below it. */
  include: string[];
  /** Globs of files never read, even when included. */
  exclude: string[];
}

/** Every YAML file in the repository: Applications and ApplicationSets are found wherever they are. */
export const DEFAULT_DISCOVERY: DiscoveryOptions = {
  include: ['**/*.yaml', '**/*.yml'],
  exclude: [],
};

const YAML_FILE = /\.ya?ml$/i;
const GLOB_CHARACTERS = /[*?[\]{}!]/;

/**
 * A pattern as people write it in configuration: `.`, `/` and `''` are the
 * whole repository, `apps` or `apps/` a folder (every YAML file below it), a
 * leading `./` or `/` is dropped, anything else is a glob.
 */
export function normalizePattern(pattern: string): string {
  const trimmed = pattern.trim().replace(/^\.?\/+/, '');
  if (trimmed === '' || trimmed === '.') return '**/*.{yaml,yml}';
  if (!GLOB_CHARACTERS.test(trimmed) && !YAML_FILE.test(trimmed)) {
    return `${trimmed.replace(/\/+$/, '')}/**/*.{yaml,yml}`;
  }
  return trimmed;
}

/** A predicate over repository paths: included by some pattern and excluded by none. */
export function fileSelector(
  options: DiscoveryOptions,
): (path: string) => boolean {
  const include = options.include.length
    ? options.include
    : DEFAULT_DISCOVERY.include;
  const isIncluded = picomatch(include.map(normalizePattern), { dot: true });
  const isExcluded = options.exclude.length
    ? picomatch(options.exclude.map(normalizePattern), { dot: true })
    : () => false;
  return path => YAML_FILE.test(path) && isIncluded(path) && !isExcluded(path);
}

/**
 * The folders that are Helm charts (they hold a Chart.yaml). Their
 * `templates/` are Go templates, known only after rendering: the live source
 * shows what they produce, the provider does not read them as YAML.
 */
export function helmTemplateFolders(paths: Iterable<string>): string[] {
  const folders: string[] = [];
  for (const path of paths) {
    const match = /^(.*?)(?:^|\/)Chart\.ya?ml$/.exec(path);
    if (match) folders.push(match[1] ? `${match[1]}/templates/` : 'templates/');
  }
  return folders;
}

/** Glob matching for other parts of the provider (rules, ApplicationSet git generators). */
export function globMatcher(patterns: string[]): (path: string) => boolean {
  return picomatch(patterns, { dot: true });
}
