/**
 * Project overview: each project's assets by kind, models per layer, and its latest posts, with
 * a link to its health. The `@openlineage` project holds what OpenLineage events named (jobs
 * and datasets, no layers or manifest posts): it lists those instead.
 */
import { useQuery } from "urql";
import { Link } from "wouter";
import { graphql } from "../graphql";
import { errorMessage } from "../lib/client";
import { openLineageNamespace } from "../lib/format";
import { assetPath, OPENLINEAGE_PROJECT, projectPath } from "../lib/links";

const OPENLINEAGE_LISTED = 20;

const ProjectsQuery = graphql(`
  query Projects {
    projects(first: 100) {
      nodes {
        id name
        assetCounts { models sources seeds snapshots exposures metrics semanticModels savedQueries jobs datasets }
        currentVersion { id createdAt branch gitSha postedBy }
      }
    }
  }
`);

const ProjectQuery = graphql(`
  query ProjectOverview($project: String!) {
    staging: assets(filter: { project: $project, layers: [STAGING] }, first: 0) { totalCount }
    intermediate: assets(filter: { project: $project, layers: [INTERMEDIATE] }, first: 0) { totalCount }
    mart: assets(filter: { project: $project, layers: [MART] }, first: 0) { totalCount }
    other: assets(filter: { project: $project, layers: [OTHER] }, first: 0) { totalCount }
    manifestVersions(project: $project, first: 5) { nodes { id createdAt branch gitSha postedBy status mode } }
  }
`);

const OpenLineageQuery = graphql(`
  query OpenLineageOverview($project: String!, $first: Int!) {
    jobs: assets(filter: { project: $project, kinds: [JOB] }, first: $first) { totalCount nodes { id uniqueId name kind relationName } }
    datasets: assets(filter: { project: $project, kinds: [DATASET] }, first: $first) { totalCount nodes { id uniqueId name kind relationName } }
  }
`);

const COUNT_LABELS: Record<string, string> = { semanticModels: "semantic models", savedQueries: "saved queries", jobs: "OpenLineage jobs", datasets: "OpenLineage datasets" };

export function ProjectsPage() {
  const [{ data, error }] = useQuery({ query: ProjectsQuery });
  if (error) return <p role="alert" className="error">{errorMessage(error)}</p>;
  if (!data) return <p className="loading">Loading…</p>;
  return (
    <>
      <h1>Projects</h1>
      {data.projects.nodes.length === 0 ? <p className="muted">No project yet: post a manifest with <code>tributary push</code>.</p> : null}
      {data.projects.nodes.map((project) => {
        const openLineage = project.name === OPENLINEAGE_PROJECT;
        return (
          <section key={project.id} aria-labelledby={`p-${project.id}`} className="project">
            <h2 id={`p-${project.id}`}>{openLineage ? `${project.name} (OpenLineage)` : project.name}</h2>
            <p className="facts">
              {Object.entries(project.assetCounts).filter(([, n]) => n > 0).map(([kind, n]) => <span key={kind}><b>{n}</b> {COUNT_LABELS[kind] ?? kind}</span>)}
              <Link href={projectPath(project.name)}>Health</Link>
            </p>
            {openLineage ? <OpenLineageDetails project={project.name} /> : <ProjectDetails project={project.name} />}
          </section>
        );
      })}
    </>
  );
}

function ProjectDetails({ project }: { project: string }) {
  const [{ data }] = useQuery({ query: ProjectQuery, variables: { project } });
  if (!data) return null;
  return (
    <div className="two">
      <div>
        <h3>Models per layer</h3>
        <table>
          <tbody>
            {(["staging", "intermediate", "mart", "other"] as const).map((layer) => <tr key={layer}><th scope="row">{layer}</th><td>{data[layer].totalCount}</td></tr>)}
          </tbody>
        </table>
      </div>
      <div>
        <h3>Latest posts</h3>
        <ul>
          {data.manifestVersions.nodes.map((v) => (
            <li key={v.id}>{new Date(v.createdAt).toLocaleString()} · {v.mode.toLowerCase()} · {v.status.toLowerCase()} · {v.branch ?? ""} {v.gitSha ? <code>{v.gitSha.slice(0, 10)}</code> : null} by {v.postedBy}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** OpenLineage's jobs and datasets, each with its namespace: the events' own names, no layers. */
function OpenLineageDetails({ project }: { project: string }) {
  const [{ data }] = useQuery({ query: OpenLineageQuery, variables: { project, first: OPENLINEAGE_LISTED } });
  if (!data) return null;
  const list = (title: string, answer: typeof data.jobs) => (
    <div>
      <h3>{title} ({answer.totalCount})</h3>
      <ul data-testid={`openlineage-${title.toLowerCase()}`}>
        {answer.nodes.map((a) => (
          <li key={a.id}>
            <Link href={assetPath(a.uniqueId, project)}>{a.name}</Link> <span className="muted">in {openLineageNamespace(a) ?? "?"}</span>
          </li>
        ))}
      </ul>
      {answer.totalCount > answer.nodes.length ? <p className="muted">The first {answer.nodes.length}; search finds the others.</p> : null}
    </div>
  );
  return (
    <>
      <p className="muted">Named by OpenLineage events (Airflow, Spark, …), not by a dbt manifest: no layers or posts.</p>
      <div className="two">
        {list("Jobs", data.jobs)}
        {list("Datasets", data.datasets)}
      </div>
    </>
  );
}
