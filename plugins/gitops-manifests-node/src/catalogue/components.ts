/*
 * The platform components the seed RFCs name, with the default way the portal
 * deploys each one as an Argo CD Application. The data lives in the package's
 * `catalogue/` folder, one YAML file per component (`<domain>/<name>.yaml`);
 * its README explains the fields and how sync waves are chosen.
 */
import { loadCatalogue } from './loadCatalogue';
import { CatalogueComponent } from './types';

/**
 * Every component of the catalogue, in deployment order (domain, then sync
 * wave, then name). Read once when the package loads; a broken catalogue
 * fails the import with a CatalogueError.
 */
export const PLATFORM_COMPONENTS: readonly CatalogueComponent[] =
  loadCatalogue();

const COMPONENTS_BY_NAME: ReadonlyMap<string, CatalogueComponent> = new Map(
  PLATFORM_COMPONENTS.map(component => [component.name, component]),
);

/**
 * Looks a component up by its catalogue name. Surrounding whitespace and
 * case are ignored, so that 'Postgres ' finds 'postgres'.
 */
export function findCatalogueComponent(
  name: string,
): CatalogueComponent | undefined {
  return COMPONENTS_BY_NAME.get(name.trim().toLowerCase());
}
