/**
 * One asset: what it is (a metric: its definition; an OpenLineage job or dataset: its
 * namespace; what producers say about it: AssetOpenLineage), who owns it and who subscribed, whether it can be used now (freshness, runs,
 * anomalies), its columns with their tests, its SQL, its first neighbours, the exposures that
 * use it and its version history.
 */
import { lazy, Suspense, useEffect } from "react";
import { useMutation, useQuery } from "urql";
import { Link, useSearch } from "wouter";
import { Markdown, preloadMarkdown } from "../components/Markdown";
import { SqlCode } from "../components/SqlCode";
import { graphql, type ResultOf } from "../graphql";
import { errorMessage } from "../lib/client";
import { kindLabel, openLineageNamespace } from "../lib/format";
import { assetPath, lineagePath } from "../lib/links";
import { actsForPerson, personName, useViewer } from "../lib/viewer";
import { AssetTrust } from "./AssetTrust";
import { MetricDefinition } from "./MetricDefinition";

const NEIGHBOURS = 12;

// What OpenLineage producers say (same as, ambiguity, a job's parent, children and runs, schema
// drift): its own chunk, so the first page's JavaScript does not grow with it.
const AssetOpenLineage = lazy(() => import("./AssetOpenLineage"));

const AssetQuery = graphql(`
  query AssetPage($uniqueId: String!, $project: String, $neighbours: Int!) {
    asset(uniqueId: $uniqueId, project: $project) {
      id uniqueId name kind layer description tags materialization relationName
      removedAt latestVersion documentedColumns testedColumns lastTestStatus
      project { name }
      owners { id name email handle }
      subscribers { id name email handle }
      lineageCounts { upstream downstream exposures }
      columns { name dataType description tags }
      tests { id name testType columnName lastResult { status at failures } }
      rawSql compiledSql
      upstream(first: $neighbours) { id uniqueId name kind project { name } }
      downstream(first: $neighbours) { id uniqueId name kind project { name } }
      history(first: 10) {
        nodes {
          version { id createdAt gitSha branch postedBy }
          changes { category message columnName }
        }
      }
    }
  }
`);

// Each answers the asset's subscribers, so the page shows the new state without a refetch.
const SubscribeMutation = graphql(`
  mutation Subscribe($assetId: ID!) { subscribe(assetId: $assetId) { asset { id subscribers { id name email handle } } } }
`);
const UnsubscribeMutation = graphql(`
  mutation Unsubscribe($assetId: ID!) { unsubscribe(assetId: $assetId) { asset { id subscribers { id name email handle } } } }
`);

/** Exposures are transitive downstream assets: the impact answer lists them by degree. */
const EXPOSURES = 50;
const ExposuresQuery = graphql(`
  query AssetExposures($assetId: ID!, $first: Int!) {
    impact(assetId: $assetId, first: 1) {
      exposureCount
      exposures(first: $first) { degree asset { id uniqueId name subtype project { name } } owners { id name email handle } }
    }
  }
`);

type Asset = NonNullable<ResultOf<typeof AssetQuery>["asset"]>;

export function AssetPage({ uniqueId }: { uniqueId: string }) {
  const project = new URLSearchParams(useSearch()).get("project") ?? undefined;
  const [{ data, error, fetching }] = useQuery({ query: AssetQuery, variables: { uniqueId, project, neighbours: NEIGHBOURS } });
  useEffect(preloadMarkdown, []);
  if (error) return <p role="alert" className="error">{errorMessage(error)}</p>;
  if (fetching && !data) return <p className="loading">Loading…</p>;
  const asset = data?.asset;
  if (!asset) return <><h1>Not found</h1><p>No asset <code>{uniqueId}</code> in this catalog.</p></>;
  const namespace = openLineageNamespace(asset);
  // OpenLineage's assets come from events, not manifests: no columns or versions unless some were seen.
  const fromEvents = namespace !== null;
  return (
    <article className="asset-page">
      <header className="asset-head">
        <h1>{asset.name}</h1>
        <p className="facts">
          <span className="badge">{kindLabel(asset.kind)}</span>
          {asset.layer ? <span className="badge">{asset.layer.toLowerCase()}</span> : null}
          <span>project <b>{asset.project.name}</b></span>
          {asset.materialization ? <span>{asset.materialization}</span> : null}
          {asset.relationName ? <code>{asset.relationName}</code> : null}
          {asset.removedAt ? <span className="badge warn">removed</span> : null}
        </p>
        {namespace ? <p>namespace <code data-testid="namespace">{namespace}</code></p> : null}
        <p className="muted">{asset.uniqueId}{asset.tags.length ? ` · tags: ${asset.tags.join(", ")}` : ""}</p>
        <Link href={lineagePath(asset.uniqueId, { project: asset.project.name })} className="button">Open lineage</Link>
        <SubscribeButton assetId={asset.id} subscribers={asset.subscribers} />
      </header>
      {asset.description ? <Markdown source={asset.description} className="description" /> : <p className="muted">No description.</p>}
      <Suspense fallback={null}>
        <AssetOpenLineage assetId={asset.id} />
      </Suspense>
      {asset.kind === "METRIC" ? <MetricDefinition assetId={asset.id} /> : null}
      <section aria-labelledby="owners-h">
        <h2 id="owners-h">Owners</h2>
        <People people={asset.owners} none="No owner." />
      </section>
      <section aria-labelledby="subscribers-h">
        <h2 id="subscribers-h">Subscribers</h2>
        <People people={asset.subscribers} none="No subscriber." />
      </section>
      <AssetTrust assetId={asset.id} owners={asset.owners} />
      <Neighbours asset={asset} />
      <Exposures asset={asset} />
      {fromEvents && asset.columns.length === 0 ? null : <Columns asset={asset} />}
      <Sql asset={asset} />
      {fromEvents && asset.history.nodes.length === 0 ? null : <History asset={asset} />}
    </article>
  );
}

function People({ people, none }: { people: Asset["owners"]; none: string }) {
  return people.length ? <ul className="inline">{people.map((p) => <li key={p.id}>{personName(p)}</li>)}</ul> : <p className="muted">{none}</p>;
}

/** One button, for the state the viewer is in: subscribed or not. */
function SubscribeButton({ assetId, subscribers }: { assetId: string; subscribers: Asset["subscribers"] }) {
  const viewer = useViewer();
  const [subscribed, subscribe] = useMutation(SubscribeMutation);
  const [unsubscribed, unsubscribe] = useMutation(UnsubscribeMutation);
  if (!actsForPerson(viewer)) return null;
  const isSubscribed = subscribers.some((s) => s.id === viewer?.owner?.id);
  const error = subscribed.error ?? unsubscribed.error;
  const busy = subscribed.fetching || unsubscribed.fetching;
  return (
    <span className="subscribe">
      {isSubscribed ? (
        <button type="button" onClick={() => unsubscribe({ assetId })} disabled={busy}>Unsubscribe</button>
      ) : (
        <button type="button" onClick={() => subscribe({ assetId })} disabled={busy}>Subscribe</button>
      )}
      <span role="status" data-testid="subscription">{error ? errorMessage(error) : isSubscribed ? "You are subscribed" : "You are not subscribed"}</span>
    </span>
  );
}

function Exposures({ asset }: { asset: Asset }) {
  const count = asset.lineageCounts.exposures;
  const [{ data, error }] = useQuery({ query: ExposuresQuery, variables: { assetId: asset.id, first: EXPOSURES }, pause: count === 0 });
  return (
    <section aria-labelledby="exposures-h">
      <h2 id="exposures-h">Exposures that use it ({count})</h2>
      {count === 0 ? <p className="muted">No dashboard, notebook or application reads it.</p> : null}
      {error ? <p role="alert" className="error">{errorMessage(error)}</p> : null}
      {data ? (
        <ul className="exposures">
          {data.impact.exposures.map((e) => (
            <li key={e.asset.id}>
              <Link href={assetPath(e.asset.uniqueId, e.asset.project.name)}>{e.asset.name}</Link>
              {e.asset.subtype ? <span className="badge">{e.asset.subtype}</span> : null}
              <span className="muted"> {e.degree} hop{e.degree === 1 ? "" : "s"} away{e.owners.length ? ` · owned by ${e.owners.map(personName).join(", ")}` : ""}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {data && data.impact.exposureCount > data.impact.exposures.length ? <p className="muted">The first {data.impact.exposures.length} of {data.impact.exposureCount}.</p> : null}
    </section>
  );
}

function Neighbours({ asset }: { asset: Asset }) {
  const list = (title: string, count: number, items: Asset["upstream"], direction: string) => (
    <div>
      <h3>{title} ({count})</h3>
      <ul>
        {items.map((n) => <li key={n.id}><Link href={assetPath(n.uniqueId, n.project.name)}>{n.name}</Link> <span className="badge">{kindLabel(n.kind)}</span></li>)}
      </ul>
      {count > items.length ? <Link href={lineagePath(asset.uniqueId, { project: asset.project.name, direction })}>All {count} in the lineage picture</Link> : null}
    </div>
  );
  return (
    <section aria-labelledby="neighbours-h">
      <h2 id="neighbours-h">Lineage</h2>
      <div className="two">
        {list("Upstream", asset.lineageCounts.upstream, asset.upstream, "UPSTREAM")}
        {list("Downstream", asset.lineageCounts.downstream, asset.downstream, "DOWNSTREAM")}
      </div>
    </section>
  );
}

function Columns({ asset }: { asset: Asset }) {
  const testsOf = (column: string) => asset.tests.filter((t) => t.columnName?.toLowerCase() === column.toLowerCase());
  return (
    <section aria-labelledby="columns-h">
      <h2 id="columns-h">Columns</h2>
      <p className="muted">{asset.documentedColumns} of {asset.columns.length} documented, {asset.testedColumns} tested.</p>
      <table className="columns">
        <thead><tr><th scope="col">Column</th><th scope="col">Type</th><th scope="col">Description</th><th scope="col">Tests</th></tr></thead>
        <tbody>
          {asset.columns.map((c) => (
            <tr key={c.name}>
              <td><Link href={lineagePath(asset.uniqueId, { project: asset.project.name, column: c.name })} title={`Lineage of ${c.name}`}>{c.name}</Link></td>
              <td><code>{c.dataType ?? ""}</code></td>
              <td>{c.description ? <Markdown source={c.description} /> : null}</td>
              <td>{testsOf(c.name).map((t) => <span key={t.id} className={`badge test-${(t.lastResult?.status ?? "none").toLowerCase()}`} title={t.name}>{t.testType}{t.lastResult ? ` · ${t.lastResult.status.toLowerCase()}` : ""}</span>)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Sql({ asset }: { asset: Asset }) {
  if (!asset.rawSql && !asset.compiledSql) return null;
  return (
    <section aria-labelledby="sql-h">
      <h2 id="sql-h">SQL</h2>
      {asset.rawSql ? <details open><summary>Raw</summary><SqlCode sql={asset.rawSql} /></details> : null}
      {asset.compiledSql ? <details><summary>Compiled</summary><SqlCode sql={asset.compiledSql} /></details> : null}
    </section>
  );
}

function History({ asset }: { asset: Asset }) {
  return (
    <section aria-labelledby="history-h">
      <h2 id="history-h">Versions</h2>
      <ol className="history">
        {asset.history.nodes.map(({ version, changes }) => (
          <li key={version.id}>
            <b>{new Date(version.createdAt).toLocaleString()}</b> by {version.postedBy}
            {version.gitSha ? <> · <code>{version.gitSha.slice(0, 10)}</code></> : null}
            {version.branch ? ` · ${version.branch}` : ""}
            <ul>{changes.map((c, i) => <li key={i}><span className={`badge cat-${c.category.toLowerCase()}`}>{c.category.toLowerCase()}</span> {c.message}</li>)}</ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
