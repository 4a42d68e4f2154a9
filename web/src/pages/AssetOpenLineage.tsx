/**
 * What OpenLineage producers say about an asset, beside what dbt declares: the dbt asset a
 * merged dataset is ("same as"), why a dataset was not merged (AMBIGUOUS_DATASET_RELATION),
 * the columns a producer observed that differ from dbt's (schema drift), and for a job what
 * it is (type, integration, engine), its parent and child jobs (an Airflow DAG and its tasks)
 * and its OpenLineage runs. Its own chunk, asked for once per asset page; it renders nothing
 * for an asset none of this applies to.
 */
import { useQuery } from "urql";
import { Link } from "wouter";
import { graphql, type ResultOf } from "../graphql";
import { errorMessage } from "../lib/client";
import { dateTime, duration, kindLabel } from "../lib/format";
import { assetPath, OPENLINEAGE_PROJECT } from "../lib/links";

const OPENLINEAGE_RUNS = 10;

const AssetOpenLineageQuery = graphql(`
  query AssetOpenLineage($assetId: ID!, $runs: Int!) {
    node(id: $assetId) {
      ... on Asset {
        id kind uniqueId project { name }
        sameAs { id uniqueId name kind project { name } }
        diagnostics { code severity message }
        schemaDrift { column change declaredType observedType declaredBy observedBy }
        jobFacets { jobType integration processingType processingEngine { name version } }
        parentJob { id uniqueId name project { name } }
        childJobs { id uniqueId name project { name } }
        openLineageRuns(first: $runs) { totalCount nodes { runId state startedAt endedAt durationMs errorMessage } }
      }
    }
  }
`);

type Details = Extract<NonNullable<ResultOf<typeof AssetOpenLineageQuery>["node"]>, { schemaDrift: unknown }>;
type LinkedAsset = { uniqueId: string; name: string; project: { name: string } };

const AssetLink = ({ asset }: { asset: LinkedAsset }) => <Link href={assetPath(asset.uniqueId, asset.project.name)}>{asset.name}</Link>;

export default function AssetOpenLineage({ assetId }: { assetId: string }) {
  const [{ data, error }] = useQuery({ query: AssetOpenLineageQuery, variables: { assetId, runs: OPENLINEAGE_RUNS } });
  if (error) return <p role="alert" className="error">{errorMessage(error)}</p>;
  const details = data?.node && "schemaDrift" in data.node ? data.node : null;
  if (!details) return null;
  const ambiguities = details.diagnostics.filter((d) => d.code === "AMBIGUOUS_DATASET_RELATION");
  return (
    <>
      {details.sameAs ? (
        <p className="same-as" data-testid="same-as">
          Same as <AssetLink asset={details.sameAs} /> <span className="badge">{kindLabel(details.sameAs.kind)}</span>
          <span className="muted"> (project {details.sameAs.project.name}): lineage, impact and search answer with it.</span>
        </p>
      ) : null}
      {ambiguities.map((d, i) => (
        <p key={i} className="warning" role="note" data-testid="ambiguity">
          <span className="badge warn">ambiguous</span> {d.message}
        </p>
      ))}
      {details.kind === "JOB" ? <Job job={details} /> : null}
      {details.schemaDrift.length ? <SchemaDrift drift={details.schemaDrift} known={[details, ...(details.sameAs ? [details.sameAs] : [])]} /> : null}
    </>
  );
}

function Job({ job }: { job: Details }) {
  const facets = job.jobFacets;
  const engine = facets?.processingEngine;
  return (
    <section aria-labelledby="job-h">
      <h2 id="job-h">Job</h2>
      <dl className="job-facts" data-testid="job-facts">
        {facets?.jobType ? <><dt>Type</dt><dd>{facets.jobType.toLowerCase()}</dd></> : null}
        {facets?.integration ? <><dt>Integration</dt><dd>{facets.integration.toLowerCase()}</dd></> : null}
        {facets?.processingType ? <><dt>Processing</dt><dd>{facets.processingType.toLowerCase()}</dd></> : null}
        {engine?.name ? <><dt>Engine</dt><dd>{engine.name}{engine.version ? ` ${engine.version}` : ""}</dd></> : null}
        <dt>Parent job</dt>
        <dd data-testid="parent-job">{job.parentJob ? <AssetLink asset={job.parentJob} /> : <span className="muted">none</span>}</dd>
        <dt>Child jobs ({job.childJobs.length})</dt>
        <dd data-testid="child-jobs">
          {job.childJobs.length ? <ul className="inline">{job.childJobs.map((c) => <li key={c.id}><AssetLink asset={c} /></li>)}</ul> : <span className="muted">none</span>}
        </dd>
      </dl>
      <OpenLineageRuns runs={job.openLineageRuns} />
    </section>
  );
}

function OpenLineageRuns({ runs }: { runs: Details["openLineageRuns"] }) {
  return (
    <>
      <h3>OpenLineage runs ({runs.totalCount})</h3>
      {runs.nodes.length === 0 ? (
        <p className="muted">No run event was received for it.</p>
      ) : (
        <table className="runs" data-testid="openlineage-runs">
          <thead>
            <tr><th scope="col">Started</th><th scope="col">Ended</th><th scope="col">State</th><th scope="col">Duration</th><th scope="col">Error</th></tr>
          </thead>
          <tbody>
            {runs.nodes.map((run) => (
              <tr key={run.runId} data-state={run.state}>
                <td>{dateTime(run.startedAt)}</td>
                <td>{dateTime(run.endedAt)}</td>
                <td><span className={`badge run-${run.state.toLowerCase()}`} title={`run ${run.runId}`}>{run.state.toLowerCase()}</span></td>
                <td>{duration(run.durationMs)}</td>
                <td>{run.errorMessage ? <code className="error-message">{run.errorMessage}</code> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {runs.totalCount > runs.nodes.length ? <p className="muted">The last {runs.nodes.length} of {runs.totalCount}.</p> : null}
    </>
  );
}

const CHANGE_WORDS: Record<string, string> = { MISSING: "missing", ADDED: "added", RETYPED: "retyped" };

/**
 * Declared by dbt vs observed by a producer. `declaredBy` is a unique id: its project is known
 * when it is this asset or the one it is the same as; `observedBy` is a dataset's Marquez id,
 * in the OpenLineage project.
 */
function SchemaDrift({ drift, known }: { drift: Details["schemaDrift"]; known: readonly { uniqueId: string; project: { name: string } }[] }) {
  const projectOf = (uniqueId: string) => known.find((k) => k.uniqueId === uniqueId)?.project.name;
  return (
    <section aria-labelledby="drift-h" className="drift">
      <h2 id="drift-h">Schema drift ({drift.length})</h2>
      <p className="muted">The columns a producer observed (its OpenLineage schema facet) differ from those dbt declares.</p>
      <table className="columns" data-testid="schema-drift">
        <thead>
          <tr><th scope="col">Column</th><th scope="col">Change</th><th scope="col">Declared type</th><th scope="col">Observed type</th><th scope="col">Declared by</th><th scope="col">Observed by</th></tr>
        </thead>
        <tbody>
          {drift.map((d) => (
            <tr key={`${d.observedBy} ${d.declaredBy} ${d.column}`} data-change={d.change}>
              <td>{d.column}</td>
              <td><span className={`badge drift-${d.change.toLowerCase()}`}>{CHANGE_WORDS[d.change] ?? d.change.toLowerCase()}</span></td>
              <td><code>{d.declaredType ?? "—"}</code></td>
              <td><code>{d.observedType ?? "—"}</code></td>
              <td><Link href={assetPath(d.declaredBy, projectOf(d.declaredBy))}>{d.declaredBy}</Link></td>
              <td><Link href={assetPath(d.observedBy, OPENLINEAGE_PROJECT)}>{d.observedBy}</Link></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
