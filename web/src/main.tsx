/** @module The Execution Viewer's entry: routes under /ui, the query cache, the session gate. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, StrictMode, Suspense, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, Outlet, RouterProvider } from 'react-router';
import { SessionContext } from './api/context.js';
import { clientFor, loadSession, saveSession, type Session } from './api/session.js';
import { Layout } from './pages/Layout.js';
import { SignInPage } from './pages/SignInPage.js';
import { ExecutionsPage } from './pages/ExecutionsPage.js';
import { ExecutionDetailPage } from './pages/ExecutionDetailPage.js';
import { DiffPage } from './pages/DiffPage.js';
import { ApprovalsPage } from './pages/ApprovalsPage.js';
import { AlertsPage } from './pages/AlertsPage.js';
import { Loading } from './components/States.js';
import { applyTheme, storedTheme } from './lib/theme.js';
import './styles.css';

const DashboardsPage = lazy(() => import('./pages/DashboardsPage.js'));

applyTheme(storedTheme());

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 2_000 } },
});

function SessionGate() {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const value = useMemo(
    () =>
      session && {
        session,
        client: clientFor(session.credential),
        role: session.whoami.role,
        signOut() {
          saveSession(undefined);
          queryClient.clear();
          setSession(undefined);
        },
      },
    [session],
  );
  if (!value) return <SignInPage onSignedIn={setSession} />;
  return (
    <SessionContext.Provider value={value}>
      <Layout>
        <Outlet />
      </Layout>
    </SessionContext.Provider>
  );
}

const router = createBrowserRouter(
  [
    {
      element: <SessionGate />,
      children: [
        { index: true, element: <Navigate to="/executions" replace /> },
        { path: 'executions', element: <ExecutionsPage /> },
        { path: 'executions/:id', element: <ExecutionDetailPage /> },
        { path: 'executions/:a/diff/:b', element: <DiffPage /> },
        { path: 'approvals', element: <ApprovalsPage /> },
        { path: 'alerts', element: <AlertsPage /> },
        {
          path: 'dashboards',
          element: (
            <Suspense fallback={<Loading what="dashboards" />}>
              <DashboardsPage />
            </Suspense>
          ),
        },
        { path: '*', element: <Navigate to="/executions" replace /> },
      ],
    },
  ],
  { basename: '/ui' },
);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
