/** @module The frame of every signed-in page: navigation with the pending-approvals and firing-alerts badges, identity, theme. */
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useSession } from '../api/context.js';
import { applyTheme, nextTheme, storedTheme, type Theme } from '../lib/theme.js';

export function usePendingApprovals() {
  const { client } = useSession();
  return useQuery({
    queryKey: ['approvals', 'pending-count'],
    queryFn: () => client.approvals.list({ status: 'pending', limit: 100 }),
    refetchInterval: 5_000,
  });
}

/** How many built-in alerts are firing (the list answers the count whatever its limit). */
export function useFiringAlerts() {
  const { client } = useSession();
  return useQuery({
    queryKey: ['alerts', 'firing-count'],
    queryFn: () => client.alerts.list({ state: 'firing', limit: 1 }),
    refetchInterval: 10_000,
  });
}

export function Layout({ children }: { children: ReactNode }) {
  const { session, role, signOut } = useSession();
  const pending = usePendingApprovals();
  const firing = useFiringAlerts().data?.firing;
  const [theme, setTheme] = useState<Theme>(storedTheme);
  const count = pending.data ? pending.data.approvals.length : undefined;
  const more = pending.data?.next_cursor !== undefined;
  return (
    <div className="app">
      <header className="topbar">
        <NavLink to="/executions" className="brand">
          AxonFlow <span>Execution Viewer</span>
        </NavLink>
        <nav aria-label="Main">
          <NavLink to="/executions">Executions</NavLink>
          <NavLink to="/approvals">
            Approvals
            {count !== undefined && count > 0 && (
              <span className="nav-badge" data-testid="pending-badge" aria-label={`${count} pending approvals`}>
                {count}
                {more ? '+' : ''}
              </span>
            )}
          </NavLink>
          <NavLink to="/alerts">
            Alerts
            {firing !== undefined && firing > 0 && (
              <span className="nav-badge alert-badge" data-testid="firing-badge" aria-label={`${firing} firing alerts`}>
                {firing}
              </span>
            )}
          </NavLink>
          <NavLink to="/dashboards">Dashboards</NavLink>
        </nav>
        <div className="identity">
          <button
            type="button"
            className="ghost"
            title={`Theme: ${theme} (click to change)`}
            onClick={() => {
              const next = nextTheme(theme);
              applyTheme(next);
              setTheme(next);
            }}
          >
            {theme === 'dark' ? '☾ dark' : theme === 'light' ? '☀ light' : '◐ auto'}
          </button>
          <span className="who" title={`org ${session.whoami.org_id} · tenant ${session.whoami.tenant_id}`}>
            {session.whoami.client_id} <span className="role" data-role={role}>{role}</span>
          </span>
          <button type="button" className="ghost" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main>{children}</main>
    </div>
  );
}
