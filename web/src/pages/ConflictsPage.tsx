/**
 * Conflicting definitions (lazy-loaded, /conflicts?project=&concept=): each business concept
 * defined more than once, differently, with its definitions side by side (formula,
 * aggregations, filters, grain, upstream, description, owners, project) and the aspects where
 * they differ marked. OWNER and ADMIN tokens certify one definition (CANONICAL) and mark the
 * others ALIAS or DEPRECATED, with a note.
 */
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { Link, useLocation, useSearch } from "wouter";
import { graphql, type ResultOf } from "../graphql";
import { errorMessage } from "../lib/client";
import { assetPath, glossaryPath, withParam } from "../lib/links";
import { personName, useViewer } from "../lib/viewer";

const ConflictsQuery = graphql(`
  query DefinitionConflicts($project: String) {
    projects(first: 100) { nodes { id name } }
    definitionConflicts(project: $project, first: 200) {
      totalCount
      nodes {
        id concept differences resolved
        term { id name definition }
        definitions {
          key name column project description status
          owners { id name email handle }
          asset { id uniqueId name kind }
          formula { expression aggregations filters grain upstream }
        }
      }
    }
  }
`);

const MarkMutation = graphql(`
  mutation MarkDefinition($input: MarkDefinitionInput!) { markDefinition(input: $input) { status note column asset { id } } }
`);

type Conflict = ResultOf<typeof ConflictsQuery>["definitionConflicts"]["nodes"][number];
type Definition = Conflict["definitions"][number];

/** The rows compared, each with the aspect (DefinitionAspect) it shows. */
const ROWS: { label: string; aspect: string | null; value: (d: Definition) => string }[] = [
  { label: "Formula", aspect: "FORMULA", value: (d) => d.formula.expression ?? "" },
  { label: "Aggregation", aspect: "AGGREGATION", value: (d) => d.formula.aggregations.join(", ") },
  { label: "Filters", aspect: "FILTERS", value: (d) => d.formula.filters.join(", ") },
  { label: "Grain", aspect: "GRAIN", value: (d) => d.formula.grain.join(", ") },
  { label: "Reads", aspect: "UPSTREAM", value: (d) => d.formula.upstream.join(", ") },
  { label: "Description", aspect: "DESCRIPTION", value: (d) => d.description ?? "" },
  { label: "Owners", aspect: null, value: (d) => d.owners.map(personName).join(", ") },
  { label: "Project", aspect: null, value: (d) => d.project },
];

export default function ConflictsPage() {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const project = params.get("project") ?? "";
  const concept = params.get("concept") ?? "";
  const [{ data, error, fetching }, refetch] = useQuery({ query: ConflictsQuery, variables: { project: project || null } });
  const conflicts = (data?.definitionConflicts.nodes ?? []).filter((c) => !concept || c.concept.toLowerCase() === concept.toLowerCase());
  return (
    <>
      <h1>Conflicting definitions</h1>
      <p className="muted">Business concepts defined more than once, differently. Certify the definition to use: search ranks it first and says so.</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>Project <select value={project} onChange={(e) => navigate(`${location}?${withParam(search, "project", e.target.value)}`, { replace: true })}>
          <option value="">all</option>
          {data?.projects.nodes.map((p) => <option key={p.id} value={p.name}>{p.name}</option>)}
          {project && data && !data.projects.nodes.some((p) => p.name === project) ? <option value={project}>{project}</option> : null}
        </select></label>
        {concept ? <span>concept <b>{concept}</b> <Link href={`${location}?${withParam(search, "concept", "")}`}>show all</Link></span> : null}
      </form>
      {error ? <p role="alert" className="error">{errorMessage(error)}</p> : null}
      {fetching && !data ? <p className="loading">Loading…</p> : null}
      {data && conflicts.length === 0 ? <p className="muted">No conflicting definition{concept ? ` of ${concept}` : ""}.</p> : null}
      {conflicts.map((c) => <ConflictCard key={c.id} conflict={c} onMarked={() => refetch({ requestPolicy: "network-only" })} />)}
    </>
  );
}

function ConflictCard({ conflict, onMarked }: { conflict: Conflict; onMarked: () => void }) {
  const viewer = useViewer();
  // markDefinition needs the OWNER role (services/definitions/definitionConflicts.ts); ADMIN is above it.
  const mayMark = viewer?.role === "OWNER" || viewer?.role === "ADMIN";
  const differs = new Set<string>(conflict.differences);
  const headingId = `conflict-${conflict.id}`;
  return (
    <section className="conflict" aria-labelledby={headingId} data-testid="conflict">
      <h2 id={headingId}>
        {conflict.term ? <Link href={glossaryPath(conflict.term.name)}>{conflict.concept}</Link> : conflict.concept}{" "}
        {conflict.resolved ? <span className="badge certified">resolved</span> : <span className="badge warn">{conflict.definitions.length} definitions</span>}
      </h2>
      {conflict.term ? <p>Glossary: {conflict.term.definition}</p> : null}
      <p data-testid="differences">They differ in: {conflict.differences.map((d) => <span key={d} className="badge warn">{d.toLowerCase()}</span>)}</p>
      <div className="side-by-side">
        <table>
          <thead>
            <tr>
              <td />
              {conflict.definitions.map((d) => (
                <th key={d.key} scope="col">
                  <Link href={assetPath(d.asset.uniqueId, d.project)}>{d.asset.name}</Link>{d.column ? <>.<code>{d.column}</code></> : null}{" "}
                  {d.status ? <span className={`badge${d.status === "CANONICAL" ? " certified" : ""}`}>{d.status === "CANONICAL" ? "certified" : d.status.toLowerCase()}</span> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ROWS.map((row) => (
              <tr key={row.label} className={row.aspect && differs.has(row.aspect) ? "differs" : undefined}>
                <th scope="row">{row.label}{row.aspect && differs.has(row.aspect) ? <span className="visually-hidden"> (differs)</span> : null}</th>
                {conflict.definitions.map((d) => {
                  const value = row.value(d);
                  return <td key={d.key}>{value ? (row.aspect && row.aspect !== "DESCRIPTION" ? <code>{value}</code> : value) : <span className="muted">—</span>}</td>;
                })}
              </tr>
            ))}
            {mayMark ? (
              <tr>
                <th scope="row">Decide</th>
                {conflict.definitions.map((d) => <td key={d.key}><MarkButtons definition={d} onMarked={onMarked} /></td>)}
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function MarkButtons({ definition, onMarked }: { definition: Definition; onMarked: () => void }) {
  const [marked, mark] = useMutation(MarkMutation);
  const [note, setNote] = useState("");
  const label = `${definition.asset.name}${definition.column ? `.${definition.column}` : ""}`;
  const decide = async (status: "CANONICAL" | "ALIAS" | "DEPRECATED") => {
    const result = await mark({ input: { assetId: definition.asset.id, columnName: definition.column, status, note: note.trim() || null } });
    if (!result.error) onMarked();
  };
  return (
    <div className="mark">
      <label>Note on {label} <input value={note} onChange={(e) => setNote(e.target.value)} /></label>
      <div>
        <button type="button" disabled={marked.fetching || definition.status === "CANONICAL"} onClick={() => decide("CANONICAL")} aria-label={`Certify ${label}`}>Certify</button>{" "}
        <button type="button" disabled={marked.fetching || definition.status === "ALIAS"} onClick={() => decide("ALIAS")} aria-label={`Mark ${label} an alias`}>Alias</button>{" "}
        <button type="button" disabled={marked.fetching || definition.status === "DEPRECATED"} onClick={() => decide("DEPRECATED")} aria-label={`Deprecate ${label}`}>Deprecate</button>
      </div>
      {marked.error ? <p role="alert" className="error">{errorMessage(marked.error)}</p> : null}
    </div>
  );
}
