import {
  Sidebar,
  SidebarItem,
  SidebarSpacer,
} from '@backstage/core-components';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';
import {
  NavContentBlueprint,
  NavContentComponentProps,
} from '@backstage/plugin-app-react';

/**
 * The sidebar: every page's item as the app would list it, and at the
 * bottom the notifications bell with its unread count (kept live through
 * signals), where changes and cluster conditions reach their owners.
 */
export function PortalNav(props: NavContentComponentProps) {
  // the notifications page is reached through the bell, not a second item
  props.navItems.take('page:notifications');
  return (
    <Sidebar>
      {props.navItems.rest().map(item => (
        <SidebarItem
          key={item.node.spec.id}
          to={item.href}
          icon={() => item.icon}
          text={item.title}
        />
      ))}
      <SidebarSpacer />
      <NotificationsSidebarItem
        titleCounterEnabled
        snackbarProps={{ enabled: true, autoHideDuration: 10_000 }}
      />
    </Sidebar>
  );
}

export const navModule = createFrontendModule({
  pluginId: 'app',
  extensions: [NavContentBlueprint.make({ params: { component: PortalNav } })],
});
