import { PluginHeader } from '@backstage/ui';
import { RiHeartPulseLine } from '@remixicon/react';
import { Navigate, Route, Routes, useResolvedPath } from 'react-router-dom';
import { FleetPage } from '../FleetPage/FleetPage';
import { PendingChangesPage } from '../PendingChanges/PendingChangesPage';

const TABS = [
  { path: 'fleet', label: 'Fleet' },
  { path: 'changes', label: 'Changes' },
];

/**
 * The page of a legacy app (`<Route path="/infra-health" element={<InfraHealthPage />} />`):
 * what the new frontend system builds from the page and its two sub-pages,
 * the same header with a Fleet and a Changes tab over the same components;
 * `/infra-health` opens the fleet.
 */
export function InfraHealthPage() {
  const parentPath = useResolvedPath('.').pathname.replace(/\/$/, '');
  const tabs = TABS.map(tab => ({
    id: tab.path,
    label: tab.label,
    href: `${parentPath}/${tab.path}`,
    matchStrategy: 'prefix' as const,
  }));
  return (
    <>
      <PluginHeader
        title="Platform health"
        icon={<RiHeartPulseLine size={20} aria-hidden />}
        titleLink={parentPath || '/'}
        tabs={tabs}
      />
      <Routes>
        <Route index element={<Navigate to="fleet" replace />} />
        <Route path="fleet/*" element={<FleetPage />} />
        <Route path="changes/*" element={<PendingChangesPage />} />
      </Routes>
    </>
  );
}
