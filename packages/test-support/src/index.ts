export { portalTestDatabases, portalDatabaseIds } from './databases';
export { waitFor } from './waitFor';
