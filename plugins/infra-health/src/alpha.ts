/**
 * The plugin for Backstage's new frontend system: the page `/infra-health`
 * with its Fleet and Changes tabs, the client, and the entity cards, each an
 * extension an app can move, disable or configure. An app with
 * `app.packages: all` discovers it (this default export); otherwise add it to
 * `createApp({ features: [...] })`.
 *
 * @packageDocumentation
 */
import { infraHealthPlugin } from './newFrontendSystem/plugin';

export default infraHealthPlugin;
