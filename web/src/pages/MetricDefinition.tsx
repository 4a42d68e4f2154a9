/**
 * A metric's definition on its asset page: the formula in plain terms, the measures and input
 * metrics it is built from, the columns it reads in the end, and where it is used.
 */
import { useQuery } from "urql";
import { Link } from "wouter";
import { graphql } from "../graphql";
import { errorMessage } from "../lib/client";
import { assetPath } from "../lib/links";
import { kindLabel } from "../lib/format";

const MetricDefinitionQuery = graphql(`
  query MetricDefinition($assetId: ID!) {
    node(id: $assetId) {
      ... on Asset {
        id
        metricDefinition {
          style type formula filters timeGrains window
          measures { name agg expr semanticModel { id uniqueId name project { name } } }
          inputMetrics { name role formula metric { id uniqueId name project { name } } }
          columns { column asset { id uniqueId name project { name } } }
          usedBy { id uniqueId name kind project { name } }
        }
      }
    }
  }
`);

export function MetricDefinition({ assetId }: { assetId: string }) {
  const [{ data, error }] = useQuery({ query: MetricDefinitionQuery, variables: { assetId } });
  const definition = data?.node && "metricDefinition" in data.node ? data.node.metricDefinition : null;
  return (
    <section aria-labelledby="definition-h">
      <h2 id="definition-h">Definition</h2>
      {error ? <p role="alert" className="error">{errorMessage(error)}</p> : null}
      {data && !definition ? <p className="muted">The manifest's definition of this metric could not be read.</p> : null}
      {definition ? (
        <>
          <p>
            <code className="formula">{definition.formula}</code>{" "}
            <span className="badge">{definition.type ?? definition.style}</span>
          </p>
          {definition.measures.length ? (
            <>
              <h3>Measures</h3>
              <ul>
                {definition.measures.map((m) => (
                  <li key={m.name}>
                    <code>{m.agg ? `${m.agg}(${m.expr})` : m.name}</code> {m.name}
                    {m.semanticModel ? <> of <Link href={assetPath(m.semanticModel.uniqueId, m.semanticModel.project.name)}>{m.semanticModel.name}</Link></> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {definition.inputMetrics.length ? (
            <>
              <h3>Built from</h3>
              <ul>
                {definition.inputMetrics.map((i) => (
                  <li key={`${i.role ?? ""}${i.name}`}>
                    {i.role ? <span className="muted">{i.role}: </span> : null}
                    {i.metric ? <Link href={assetPath(i.metric.uniqueId, i.metric.project.name)}>{i.name}</Link> : i.name}
                    {i.formula ? <> = <code>{i.formula}</code></> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h3>Reads the columns</h3>
          {definition.columns.length ? (
            <ul>
              {definition.columns.map((c) => (
                <li key={`${c.asset.id}.${c.column}`}>
                  <Link href={assetPath(c.asset.uniqueId, c.asset.project.name)}>{c.asset.name}</Link>.<code>{c.column}</code>
                </li>
              ))}
            </ul>
          ) : <p className="muted">No column found (no column lineage reaches it).</p>}
          <h3>Used by</h3>
          {definition.usedBy.length ? (
            <ul>
              {definition.usedBy.map((a) => (
                <li key={a.id}><Link href={assetPath(a.uniqueId, a.project.name)}>{a.name}</Link> <span className="badge">{kindLabel(a.kind)}</span></li>
              ))}
            </ul>
          ) : <p className="muted">No exposure or saved query uses it.</p>}
        </>
      ) : null}
    </section>
  );
}
