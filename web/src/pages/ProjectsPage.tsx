/** Project overview: each project's assets by kind, models per layer, and its latest posts. */
import { useQuery } from "urql";
import { graphql } from "../graphql";
import { errorMessage } from "../lib/client";

const ProjectsQuery = graphql(`
  query Projects {
    projects(first: 100) {
      nodes {
        id name
        assetCounts { models sources seeds snapshots exposures metrics }
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

export function ProjectsPage() {
  const [{ data, error }] = useQuery({ query: ProjectsQuery });
  if (error) return <p role="alert" className="error">{errorMessage(error)}</p>;
  if (!data) return <p className="loading">Loading…</p>;
  return (
    <>
      <h1>Projects</h1>
      {data.projects.nodes.length === 0 ? <p className="muted">No project yet: post a manifest with <code>tributary push</code>.</p> : null}
      {data.projects.nodes.map((project) => (
        <section key={project.id} aria-labelledby={`p-${project.id}`} className="project">
          <h2 id={`p-${project.id}`}>{project.name}</h2>
          <p className="facts">
            {Object.entries(project.assetCounts).filter(([, n]) => n > 0).map(([kind, n]) => <span key={kind}><b>{n}</b> {kind}</span>)}
          </p>
          <ProjectDetails project={project.name} />
        </section>
      ))}
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
