export { portalTestDatabases, portalDatabaseIds } from './databases';
