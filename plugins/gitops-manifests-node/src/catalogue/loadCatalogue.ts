import fs from 'fs';
import path from 'path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  PLATFORM_DOMAINS,
  PlatformDomain,
} from '@proficientnow/backstage-plugin-gitops-common';
import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { parseDocument, visit } from 'yaml';
import { CatalogueComponent } from './types';

/** The schema of one catalogue file, inside the catalogue folder. */
export const CATALOGUE_SCHEMA_FILE = 'component.schema.json';

/**
 * Files of the catalogue folder that are not components. Files are always
 * checked against the package's own schema, also in another folder.
 */
const NON_COMPONENT_FILES = new Set(['README.md', CATALOGUE_SCHEMA_FILE]);

/** One broken rule of the catalogue. */
export interface CatalogueProblem {
  /** The file, relative to the catalogue folder, e.g. `infrastructure/cilium.yaml`. */
  file: string;
  /** JSON pointer into the file's data (`''` is the whole file), e.g. `/sources/0/version`. */
  path: string;
  /** The rule it breaks. */
  rule: string;
}

/**
 * The component catalogue is broken. It ships with the package, so this is a
 * bug in the package (or a bad edit of its files), never bad user input: the
 * message lists every problem, one per line, as `file at /pointer: rule`.
 */
export class CatalogueError extends Error {
  readonly problems: readonly CatalogueProblem[];

  constructor(directory: string, problems: CatalogueProblem[]) {
    super(
      `the platform component catalogue in ${directory} is invalid:\n${problems
        .map(formatProblem)
        .join('\n')}`,
    );
    this.name = 'CatalogueError';
    this.problems = problems;
  }
}

function formatProblem(problem: CatalogueProblem): string {
  return `  - ${problem.file} at ${problem.path || '(root)'}: ${problem.rule}`;
}

/** The catalogue ships inside the package (`files: [catalogue]`), found wherever it is installed. */
export function defaultCatalogueDir(): string {
  return resolvePackagePath(
    '@proficientnow/backstage-plugin-gitops-manifests-node',
    'catalogue',
  );
}

let defaultCatalogue: readonly CatalogueComponent[] | undefined;

/**
 * Reads every component file of the catalogue folder (`<domain>/<name>.yaml`),
 * checks each against `component.schema.json` and the rules that span files,
 * and returns the components in deployment order (domain, then sync wave,
 * then name). Throws a CatalogueError listing every problem; nothing is
 * skipped. The package's own catalogue is read once per process; pass
 * `directory` (tests, tools) to read another folder, uncached.
 */
export function loadCatalogue(
  directory?: string,
): readonly CatalogueComponent[] {
  if (directory === undefined) {
    defaultCatalogue ??= readCatalogue(defaultCatalogueDir());
    return defaultCatalogue;
  }
  return readCatalogue(directory);
}

interface LoadedFile {
  /** Relative to the catalogue folder. */
  file: string;
  component: CatalogueComponent;
}

function readCatalogue(directory: string): readonly CatalogueComponent[] {
  const problems: CatalogueProblem[] = [];
  const problem = (file: string, pointer: string, rule: string) =>
    problems.push({ file, path: pointer, rule });

  if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
    throw new CatalogueError(directory, [
      { file: '.', path: '', rule: 'the catalogue folder does not exist' },
    ]);
  }
  const loaded: LoadedFile[] = [];
  // names of files that are broken, so that their dependents are not blamed
  const invalidNames = new Set<string>();

  for (const entry of listVisible(directory)) {
    const entryPath = path.join(directory, entry.name);
    if (entry.isFile() && NON_COMPONENT_FILES.has(entry.name)) continue;
    if (!entry.isDirectory() || !isDomain(entry.name)) {
      problem(
        entry.name,
        '',
        `not a domain folder (${PLATFORM_DOMAINS.join(', ')}), ${[
          ...NON_COMPONENT_FILES,
        ].join(' or ')}`,
      );
      continue;
    }
    for (const fileEntry of listVisible(entryPath)) {
      const file = `${entry.name}/${fileEntry.name}`;
      if (!fileEntry.isFile() || !fileEntry.name.endsWith('.yaml')) {
        problem(
          file,
          '',
          'a domain folder holds only component files named <name>.yaml',
        );
        continue;
      }
      const data = parseComponentFile(
        fs.readFileSync(path.join(entryPath, fileEntry.name), 'utf8'),
        rule => problem(file, '', rule),
      );
      if (data === undefined) {
        invalidNames.add(fileEntry.name.replace(/\.yaml$/, ''));
        continue;
      }
      const errors = schemaErrors(data);
      if (errors.length > 0) {
        const name = (data as { name?: unknown } | null)?.name;
        invalidNames.add(
          typeof name === 'string'
            ? name
            : fileEntry.name.replace(/\.yaml$/, ''),
        );
        for (const error of errors) {
          problem(file, error.instancePath, describeError(error));
        }
        continue;
      }
      const component = data as CatalogueComponent;
      if (component.domain !== entry.name) {
        problem(
          file,
          '/domain',
          `is ${component.domain}, but the file is in the ${entry.name} folder; move it to ${component.domain}/${component.name}.yaml`,
        );
      }
      const expectedFile = `${component.name}.yaml`;
      if (fileEntry.name !== expectedFile) {
        problem(
          file,
          '/name',
          `is ${component.name}, but the file is named ${fileEntry.name}; a component's file is <domain>/<name>.yaml (${expectedFile})`,
        );
      }
      loaded.push({ file, component });
    }
  }

  checkAcrossFiles(loaded, invalidNames, problem);
  if (loaded.length === 0 && problems.length === 0) {
    problem('.', '', 'the catalogue holds no components');
  }
  if (problems.length > 0) throw new CatalogueError(directory, problems);

  const rank = (domain: PlatformDomain) => PLATFORM_DOMAINS.indexOf(domain);
  const components = loaded
    .map(l => l.component)
    .sort(
      (a, b) =>
        rank(a.domain) - rank(b.domain) ||
        a.syncWave - b.syncWave ||
        (a.name < b.name ? -1 : 1),
    );
  return deepFreeze(components);
}

/** Unique names, dependencies that exist, and waves above every dependency's. */
function checkAcrossFiles(
  loaded: LoadedFile[],
  invalidNames: ReadonlySet<string>,
  problem: (file: string, pointer: string, rule: string) => void,
): void {
  const byName = new Map<string, LoadedFile>();
  for (const entry of loaded) {
    const first = byName.get(entry.component.name);
    if (first) {
      problem(
        entry.file,
        '/name',
        `${entry.component.name} is also the name of ${first.file}; names are unique in the catalogue`,
      );
    } else {
      byName.set(entry.component.name, entry);
    }
  }
  for (const { file, component } of loaded) {
    component.dependsOn.forEach((dependencyName, index) => {
      const dependency = byName.get(dependencyName)?.component;
      if (dependencyName === component.name) {
        problem(
          file,
          `/dependsOn/${index}`,
          'a component cannot depend on itself',
        );
      } else if (!dependency) {
        // a file that names it but is broken has its own problems already
        if (!invalidNames.has(dependencyName)) {
          problem(
            file,
            `/dependsOn/${index}`,
            `no component named ${dependencyName} in the catalogue`,
          );
        }
      } else if (dependency.syncWave >= component.syncWave) {
        problem(
          file,
          '/syncWave',
          `${component.syncWave} must be higher than the sync wave of every dependency (${dependency.name} has ${dependency.syncWave})`,
        );
      }
    });
  }
}

/**
 * Parses one file as a single YAML document of plain data: no aliases, no
 * tags the core schema does not know, no duplicate keys. Reports why when it
 * cannot.
 */
function parseComponentFile(
  text: string,
  report: (rule: string) => void,
): unknown {
  const doc = parseDocument(text, {
    prettyErrors: true,
    uniqueKeys: true,
    merge: false,
  });
  // warnings too: an unknown tag is only a warning to the yaml library
  const errors = [...doc.errors, ...doc.warnings];
  for (const error of errors) {
    report(`is not valid YAML: ${error.message.split('\n')[0]}`);
  }
  if (errors.length > 0) return undefined;
  let hasAlias = false;
  visit(doc, {
    Alias() {
      hasAlias = true;
      return visit.BREAK;
    },
  });
  if (hasAlias) {
    report('uses a YAML alias (*name); write every value out in full');
    return undefined;
  }
  return doc.toJS({ maxAliasCount: 0 });
}

let schemaValidator: ValidateFunction | undefined;

/** Checks data against the package's schema of a catalogue file (compiled once). */
function schemaErrors(data: unknown): ErrorObject[] {
  if (!schemaValidator) {
    const ajv = new Ajv2020({
      allErrors: true,
      strict: true,
      // Helm values may be of any JSON type
      allowUnionTypes: true,
    });
    const schemaFile = path.join(defaultCatalogueDir(), CATALOGUE_SCHEMA_FILE);
    schemaValidator = ajv.compile(
      JSON.parse(fs.readFileSync(schemaFile, 'utf8')),
    );
  }
  return schemaValidator(data)
    ? []
    : // ajv wraps the errors of a failed `then` in an error of `if`
      (schemaValidator.errors ?? []).filter(error => error.keyword !== 'if');
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `must not have the field ${String(params.additionalProperty)}`;
    case 'required':
      return `must have the field ${String(params.missingProperty)}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `must be ${String(params.allowedValue)}`;
    default:
      return error.message ?? `breaks the schema rule ${error.keyword}`;
  }
}

function listVisible(directory: string): fs.Dirent[] {
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .filter(entry => !entry.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

function isDomain(name: string): name is PlatformDomain {
  return (PLATFORM_DOMAINS as readonly string[]).includes(name);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
