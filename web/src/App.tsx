import { lazy, Suspense, useMemo } from "react";
import { Provider, useQuery } from "urql";
import { Link, Route, Switch } from "wouter";
import { graphql } from "./graphql";
import { createClient, errorMessage } from "./lib/client";
import { setToken, useToken } from "./lib/session";
import { useLineageHead } from "./lineage/headQuery";
import { personName, ViewerContext, ViewerQuery, type Viewer } from "./lib/viewer";
import { AssetPage } from "./pages/AssetPage";
import { ChangeRequestPage } from "./pages/ChangeRequestPage";
import { ChangeRequestsPage } from "./pages/ChangeRequestsPage";
import { NotificationsPage } from "./pages/NotificationsPage";
import { ProjectsPage } from "./pages/ProjectsPage";
import { SearchPage } from "./pages/SearchPage";
import { SignInPage } from "./pages/SignInPage";

// The lineage picture (React Flow) is the heaviest code: loaded only when opened. The glossary,
// conflicts and project health pages are loaded when opened too, keeping the first page small.
const LineagePage = lazy(() => import("./pages/LineagePage"));
const GlossaryPage = lazy(() => import("./pages/GlossaryPage"));
const ConflictsPage = lazy(() => import("./pages/ConflictsPage"));
const ProjectPage = lazy(() => import("./pages/ProjectPage"));

export function App() {
  const token = useToken();
  // A new client per token: nothing cached for one person is shown to the next.
  const client = useMemo(() => createClient(), [token]);
  return <Provider value={client}>{token ? <SignedIn /> : <SignInPage />}</Provider>;
}

function SignedIn() {
  const [{ data, error, fetching }] = useQuery({ query: ViewerQuery });
  // The page draws (and asks for its data) while the token is checked, not one round trip after.
  if (error || (!fetching && !data)) return <SignInPage error={error ? errorMessage(error) : "Sign-in failed"} />;
  const viewer = data?.viewer ?? null;
  return (
    <ViewerContext.Provider value={viewer}>
      {viewer ? <Header viewer={viewer} /> : <header className="top" />}
      <main>
        <Suspense fallback={<p className="loading">Loading…</p>}>
          <Switch>
            <Route path="/" component={SearchPage} />
            <Route path="/search" component={SearchPage} />
            <Route path="/assets/:uniqueId/lineage">{(params) => <LineageRoute uniqueId={decodeURIComponent(params.uniqueId)} />}</Route>
            <Route path="/assets/:uniqueId">{(params) => <AssetPage uniqueId={decodeURIComponent(params.uniqueId)} />}</Route>
            <Route path="/change-requests" component={ChangeRequestsPage} />
            <Route path="/change-requests/:id">{(params) => <ChangeRequestPage id={params.id} />}</Route>
            <Route path="/notifications" component={NotificationsPage} />
            <Route path="/projects" component={ProjectsPage} />
            <Route path="/projects/:name">{(params) => <ProjectPage name={decodeURIComponent(params.name)} />}</Route>
            <Route path="/glossary">{() => <GlossaryPage />}</Route>
            <Route path="/glossary/:name">{(params) => <GlossaryPage name={decodeURIComponent(params.name)} />}</Route>
            <Route path="/conflicts" component={ConflictsPage} />
            <Route>
              <h1>Not found</h1>
              <p>
                No page here. <Link href="/">Search the catalog</Link>.
              </p>
            </Route>
          </Switch>
        </Suspense>
      </main>
    </ViewerContext.Provider>
  );
}

/**
 * Asks for the picture's asset while LineagePage's code loads, rather than after: its own
 * Suspense boundary, so this component mounts (and its query starts) while the page suspends.
 */
function LineageRoute({ uniqueId }: { uniqueId: string }) {
  useLineageHead(uniqueId);
  return (
    <Suspense fallback={<p className="loading">Loading…</p>}>
      <LineagePage uniqueId={uniqueId} />
    </Suspense>
  );
}

const UnreadQuery = graphql(`
  query Unread { unreadNotificationCount }
`);

function Header({ viewer }: { viewer: Viewer }) {
  // Only a token that acts for a person has notifications.
  const [{ data }] = useQuery({ query: UnreadQuery, pause: !viewer.owner });
  const unread = data?.unreadNotificationCount ?? 0;
  return (
    <header className="top">
      <nav aria-label="Main">
        <Link href="/" className="brand">
          Tributary
        </Link>
        <Link href="/">Search</Link>
        <Link href="/projects">Projects</Link>
        <Link href="/glossary">Glossary</Link>
        <Link href="/conflicts">Conflicts</Link>
        <Link href="/change-requests">Change requests</Link>
        <Link href="/notifications">Notifications{unread > 0 ? ` (${unread})` : ""}</Link>
        <a href="/explorer">API explorer</a>
      </nav>
      <div className="who">
        <span data-testid="who">
          {viewer.owner ? personName(viewer.owner) : viewer.tenant.name} · {viewer.role.toLowerCase()} · {viewer.tenant.slug}
        </span>
        <button type="button" onClick={() => setToken(null)}>
          Sign out
        </button>
      </div>
    </header>
  );
}
