/**
 * One asset: what it is, who owns it, its columns with their tests, its SQL, its first
 * neighbours and its version history.
 */
import { useMutation, useQuery } from "urql";
import { Link, useSearch } from "wouter";
import { Markdown } from "../components/Markdown";
import { SqlCode } from "../components/SqlCode";
import { graphql, type ResultOf } from "../graphql";
import { errorMessage } from "../lib/client";
import { assetPath, lineagePath } from "../lib/links";
import { actsForPerson, personName, useViewer } from "../lib/viewer";

const NEIGHBOURS = 12;

const AssetQuery = graphql(`
  query AssetPage($uniqueId: String!, $project: String, $neighbours: Int!) {
    asset(uniqueId: $uniqueId, project: $project) {
      id uniqueId name kind layer description tags materialization relationName
      removedAt latestVersion documentedColumns testedColumns lastTestStatus
      project { name }
      owners { id name email handle }
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

const SubscribeMutation = graphql(`
  mutation Subscribe($assetId: ID!) { subscribe(assetId: $assetId) { asset { id } } }
`);
const UnsubscribeMutation = graphql(`
  mutation Unsubscribe($assetId: ID!) { unsubscribe(assetId: $assetId) { asset { id } } }
`);

type Asset = NonNullable<ResultOf<typeof AssetQuery>["asset"]>;

export function AssetPage({ uniqueId }: { uniqueId: string }) {
  const project = new URLSearchParams(useSearch()).get("project") ?? undefined;
  const [{ data, error, fetching }] = useQuery({ query: AssetQuery, variables: { uniqueId, project, neighbours: NEIGHBOURS } });
  if (error) return <p role="alert" className="error">{errorMessage(error)}</p>;
  if (fetching && !data) return <p className="loading">Loading…</p>;
  const asset = data?.asset;
  if (!asset) return <><h1>Not found</h1><p>No asset <code>{uniqueId}</code> in this catalog.</p></>;
  return (
    <article className="asset-page">
      <header className="asset-head">
        <h1>{asset.name}</h1>
        <p className="facts">
          <span className="badge">{asset.kind.toLowerCase()}</span>
          {asset.layer ? <span className="badge">{asset.layer.toLowerCase()}</span> : null}
          <span>project <b>{asset.project.name}</b></span>
          {asset.materialization ? <span>{asset.materialization}</span> : null}
          {asset.relationName ? <code>{asset.relationName}</code> : null}
          {asset.removedAt ? <span className="badge warn">removed</span> : null}
        </p>
        <p className="muted">{asset.uniqueId}{asset.tags.length ? ` · tags: ${asset.tags.join(", ")}` : ""}</p>
        <Link href={lineagePath(asset.uniqueId, { project: asset.project.name })} className="button">Open lineage</Link>
        <SubscribeButton assetId={asset.id} />
      </header>
      {asset.description ? <Markdown source={asset.description} className="description" /> : <p className="muted">No description.</p>}
      <section aria-labelledby="owners-h">
        <h2 id="owners-h">Owners</h2>
        {asset.owners.length ? <ul className="inline">{asset.owners.map((o) => <li key={o.id}>{personName(o)}</li>)}</ul> : <p className="muted">No owner.</p>}
      </section>
      <Neighbours asset={asset} />
      <Columns asset={asset} />
      <Sql asset={asset} />
      <History asset={asset} />
    </article>
  );
}

function SubscribeButton({ assetId }: { assetId: string }) {
  const viewer = useViewer();
  const [subscribed, subscribe] = useMutation(SubscribeMutation);
  const [unsubscribed, unsubscribe] = useMutation(UnsubscribeMutation);
  if (!actsForPerson(viewer)) return null;
  const error = subscribed.error ?? unsubscribed.error;
  return (
    <span className="subscribe">
      <button type="button" onClick={() => subscribe({ assetId })} disabled={subscribed.fetching}>Subscribe</button>
      <button type="button" onClick={() => unsubscribe({ assetId })} disabled={unsubscribed.fetching}>Unsubscribe</button>
      <span role="status">{error ? errorMessage(error) : subscribed.data && !unsubscribed.data ? "Subscribed" : unsubscribed.data ? "Unsubscribed" : ""}</span>
    </span>
  );
}

function Neighbours({ asset }: { asset: Asset }) {
  const list = (title: string, count: number, items: Asset["upstream"], direction: string) => (
    <div>
      <h3>{title} ({count})</h3>
      <ul>
        {items.map((n) => <li key={n.id}><Link href={assetPath(n.uniqueId, n.project.name)}>{n.name}</Link> <span className="badge">{n.kind.toLowerCase()}</span></li>)}
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
      {asset.lineageCounts.exposures ? <p>{asset.lineageCounts.exposures} exposures use it.</p> : null}
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
