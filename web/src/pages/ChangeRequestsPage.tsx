/** Change requests, most recently updated first, filtered by project and status (in the URL). */
import { useQuery } from "urql";
import { Link, useLocation, useSearch } from "wouter";
import { graphql, type VariablesOf } from "../graphql";
import { errorMessage } from "../lib/client";
import { changeRequestPath, withParam } from "../lib/links";

const ChangeRequestsQuery = graphql(`
  query ChangeRequests($project: String, $status: ChangeRequestStatus) {
    changeRequests(project: $project, status: $status, first: 100) {
      totalCount
      nodes { id title status author branch updatedAt project { name } verdict { verdict } }
    }
  }
`);

// Its own query: the project list does not change with the filters, so it is fetched once.
const ProjectNamesQuery = graphql(`
  query ProjectNames {
    projects(first: 500) { nodes { name } }
  }
`);

type Status = NonNullable<VariablesOf<typeof ChangeRequestsQuery>["status"]>;
const STATUSES: Status[] = ["OPEN", "APPROVED", "REJECTED", "APPLIED", "SUPERSEDED", "CLOSED"];

export function ChangeRequestsPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const project = params.get("project") || undefined;
  const status = STATUSES.find((s) => s === params.get("status"));
  const [{ data, error }] = useQuery({ query: ChangeRequestsQuery, variables: { project, status } });
  const [projects] = useQuery({ query: ProjectNamesQuery });
  const set = (key: string, value: string) => navigate(`/change-requests?${withParam(search, key, value)}`);
  return (
    <>
      <h1>Change requests</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>Project <select value={project ?? ""} onChange={(e) => set("project", e.target.value)}>
          <option value="">all</option>
          {projects.data?.projects.nodes.map((p) => <option key={p.name}>{p.name}</option>)}
        </select></label>
        <label>Status <select value={status ?? ""} onChange={(e) => set("status", e.target.value)}>
          <option value="">all</option>
          {STATUSES.map((s) => <option key={s} value={s}>{s.toLowerCase()}</option>)}
        </select></label>
      </form>
      {error ? <p role="alert" className="error">{errorMessage(error)}</p> : null}
      {data ? (
        <table>
          <thead><tr><th scope="col">Title</th><th scope="col">Project</th><th scope="col">Status</th><th scope="col">Verdict</th><th scope="col">Author</th><th scope="col">Updated</th></tr></thead>
          <tbody>
            {data.changeRequests.nodes.map((cr) => (
              <tr key={cr.id}>
                <td><Link href={changeRequestPath(cr.id)}>{cr.title}</Link></td>
                <td>{cr.project.name}</td>
                <td><span className={`badge status-${cr.status.toLowerCase()}`}>{cr.status.toLowerCase()}</span></td>
                <td>{cr.verdict.verdict.toLowerCase().replace(/_/g, " ")}</td>
                <td>{cr.author}</td>
                <td>{new Date(cr.updatedAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data && data.changeRequests.totalCount === 0 ? <p className="muted">No change requests.</p> : null}
    </>
  );
}
