import { createApp } from '@backstage/frontend-defaults';
import { homeModule } from './modules/home';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

// Plugins listed in package.json (catalog, catalog graph, scaffolder,
// kubernetes, search, org, user settings, home and ours) are discovered
// through `app.packages: all`; the modules here are this app's own pieces.
export default createApp({
  features: [signInModule, homeModule, navModule],
});
