/**
 * The glossary (lazy-loaded): the tenant's business terms (/glossary) and one term's page
 * (/glossary/<name>): its definition, other names, status, owner, the columns and assets that
 * implement it, and the conflict between them when they compute it differently.
 */
import { useQuery } from "urql";
import { Link } from "wouter";
import { graphql } from "../graphql";
import { errorMessage } from "../lib/client";
import { kindLabel } from "../lib/format";
import { assetPath, conflictsPath, glossaryPath } from "../lib/links";
import { personName } from "../lib/viewer";

const GlossaryQuery = graphql(`
  query Glossary {
    glossaryTerms(first: 500) {
      totalCount
      nodes { id name definition status synonyms abbreviations owner { id name email handle } implementations { column } }
    }
  }
`);

const TermQuery = graphql(`
  query GlossaryTermPage($name: String!) {
    glossaryTerm(name: $name) {
      id name definition status synonyms abbreviations updatedAt
      owner { id name email handle }
      implementations { column linkedBy status asset { id uniqueId name kind layer project { name } } }
    }
    definitionConflicts(first: 500) { nodes { id concept differences resolved term { id } } }
  }
`);

export default function GlossaryPage({ name }: { name?: string }) {
  return name ? <TermPage name={name} /> : <TermList />;
}

function TermList() {
  const [{ data, error }] = useQuery({ query: GlossaryQuery });
  if (error) return <p role="alert" className="error">{errorMessage(error)}</p>;
  if (!data) return <p className="loading">Loading…</p>;
  const terms = data.glossaryTerms.nodes;
  return (
    <>
      <h1>Glossary</h1>
      <p className="muted">{terms.length} business term{terms.length === 1 ? "" : "s"}. Searching a term's synonym or abbreviation finds the term and what implements it. <Link href={conflictsPath()}>Conflicting definitions</Link></p>
      {terms.length === 0 ? <p className="muted">No term yet: OWNER and ADMIN tokens add them with <code>createGlossaryTerm</code>.</p> : null}
      <table className="glossary">
        <thead><tr><th scope="col">Term</th><th scope="col">Definition</th><th scope="col">Also called</th><th scope="col">Status</th><th scope="col">Owner</th><th scope="col">Implementations</th></tr></thead>
        <tbody>
          {terms.map((t) => (
            <tr key={t.id}>
              <td><Link href={glossaryPath(t.name)}>{t.name}</Link></td>
              <td>{t.definition}</td>
              <td>{[...t.abbreviations, ...t.synonyms].join(", ")}</td>
              <td><span className={`badge term-${t.status.toLowerCase()}`}>{t.status.toLowerCase()}</span></td>
              <td>{t.owner ? personName(t.owner) : <span className="muted">none</span>}</td>
              <td>{t.implementations.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function TermPage({ name }: { name: string }) {
  const [{ data, error }] = useQuery({ query: TermQuery, variables: { name } });
  if (error) return <p role="alert" className="error">{errorMessage(error)}</p>;
  if (!data) return <p className="loading">Loading…</p>;
  const term = data.glossaryTerm;
  if (!term) return <><h1>Not found</h1><p>No glossary term is called <b>{name}</b>. <Link href="/glossary">All terms</Link></p></>;
  const conflicts = data.definitionConflicts.nodes.filter((c) => c.term?.id === term.id);
  return (
    <article className="term-page">
      <p><Link href="/glossary">Glossary</Link></p>
      <h1>{term.name}</h1>
      <p className="facts">
        <span className={`badge term-${term.status.toLowerCase()}`}>{term.status.toLowerCase()}</span>
        <span>owner <b>{term.owner ? personName(term.owner) : "none"}</b></span>
        <span className="muted">updated {new Date(term.updatedAt).toLocaleString()}</span>
      </p>
      <p className="definition" data-testid="term-definition">{term.definition}</p>
      <section aria-labelledby="names-h">
        <h2 id="names-h">Other names</h2>
        {term.abbreviations.length || term.synonyms.length ? (
          <dl className="names">
            {term.abbreviations.length ? <><dt>Abbreviations</dt><dd>{term.abbreviations.join(", ")}</dd></> : null}
            {term.synonyms.length ? <><dt>Synonyms</dt><dd>{term.synonyms.join(", ")}</dd></> : null}
          </dl>
        ) : <p className="muted">None.</p>}
      </section>
      {conflicts.length ? (
        <section aria-labelledby="term-conflicts-h">
          <h2 id="term-conflicts-h">Defined differently</h2>
          {conflicts.map((c) => (
            <p key={c.id} className="verdict">
              Its implementations disagree on {c.differences.map((d) => d.toLowerCase()).join(", ")}{c.resolved ? " (resolved: one is certified)" : ""}. <Link href={conflictsPath(c.concept)}>Compare them side by side</Link>
            </p>
          ))}
        </section>
      ) : null}
      <section aria-labelledby="implementations-h">
        <h2 id="implementations-h">Implementations ({term.implementations.length})</h2>
        {term.implementations.length === 0 ? <p className="muted">Nothing implements it yet: link a column with <code>linkGlossaryTerm</code> or the manifest's <code>meta.tributary.terms</code>.</p> : (
          <table>
            <thead><tr><th scope="col">Asset</th><th scope="col">Column</th><th scope="col">Kind</th><th scope="col">Project</th><th scope="col">How</th><th scope="col">Status</th></tr></thead>
            <tbody>
              {term.implementations.map((i) => (
                <tr key={`${i.asset.id}:${i.column ?? ""}`}>
                  <td><Link href={assetPath(i.asset.uniqueId, i.asset.project.name)}>{i.asset.name}</Link></td>
                  <td>{i.column ? <code>{i.column}</code> : <span className="muted">the asset itself</span>}</td>
                  <td>{kindLabel(i.asset.kind)}{i.asset.layer ? ` · ${i.asset.layer.toLowerCase()}` : ""}</td>
                  <td>{i.asset.project.name}</td>
                  <td>{i.linkedBy === "LINK" ? "linked" : "by its name"}</td>
                  <td>{i.status ? <span className={`badge${i.status === "CANONICAL" ? " certified" : ""}`}>{i.status === "CANONICAL" ? "certified" : i.status.toLowerCase()}</span> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </article>
  );
}
