/**
 * Search (the home page): as-you-type suggestions, ranked hits with the matched words marked,
 * facets that filter. The query and the chosen facets live in the URL (/search?q=…&kind=…).
 */
import { useEffect, useMemo, useState } from "react";
import { useQuery } from "urql";
import { Link, useLocation, useSearch } from "wouter";
import { SearchCombobox, type Suggestion } from "../components/SearchCombobox";
import { Snippet } from "../components/Snippet";
import { graphql, type ResultOf, type VariablesOf } from "../graphql";
import { errorMessage } from "../lib/client";
import { assetPath, glossaryPath } from "../lib/links";
import { useDebounced } from "../lib/useDebounced";
import { personName } from "../lib/viewer";
import { kindLabel } from "../lib/format";

const SearchQuery = graphql(`
  query Search($query: String!, $filter: SearchFilter) {
    search(query: $query, filter: $filter, first: 30) {
      totalCount
      hits {
        kind
        snippet
        certified
        expandedFrom
        asset { id uniqueId name kind layer project { name } }
        column { name }
        owner { id name email handle }
        term { id name status synonyms abbreviations implementations { asset { id uniqueId name project { name } } column } }
      }
      facets {
        kinds { value count }
        layers { value count }
        projects { value count }
        tags { value count }
        owners { value count }
      }
    }
  }
`);

const AutocompleteQuery = graphql(`
  query Autocomplete($prefix: String!) {
    autocomplete(prefix: $prefix, first: 8) {
      text
      kind
      asset { id uniqueId project { name } }
    }
  }
`);

type Filter = NonNullable<VariablesOf<typeof SearchQuery>["filter"]>;
type Facets = ResultOf<typeof SearchQuery>["search"]["facets"];

/** Each facet: its URL parameter, the filter field it sets, and its heading. */
const FACETS = [
  { param: "kind", field: "kinds", facet: "kinds", label: "Kind" },
  { param: "layer", field: "layers", facet: "layers", label: "Layer" },
  { param: "project", field: "projects", facet: "projects", label: "Project" },
  { param: "tag", field: "tags", facet: "tags", label: "Tag" },
  { param: "owner", field: "owners", facet: "owners", label: "Owner" },
] as const satisfies readonly { param: string; field: keyof Filter; facet: keyof Facets; label: string }[];

function filterOf(params: URLSearchParams): Filter {
  const filter: Record<string, string[]> = {};
  for (const { param, field } of FACETS) {
    const values = params.getAll(param);
    if (values.length > 0) filter[field] = values;
  }
  return filter as Filter;
}

export function SearchPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const urlQuery = params.get("q") ?? "";
  const [typed, setTyped] = useState(urlQuery);
  const query = useDebounced(typed.trim(), 200);

  // Typing updates the URL (replace, not one history entry per key), so a result is linkable.
  useEffect(() => {
    if (query === urlQuery) return;
    const next = new URLSearchParams(search);
    if (query) next.set("q", query);
    else next.delete("q");
    navigate(`/search?${next}`, { replace: true });
  }, [query]); // eslint-disable-line react-hooks/exhaustive-deps

  // Suggestions only once the box is used: a page opened on a query asks for its results alone.
  const [suggesting, setSuggesting] = useState(false);
  const [suggestions] = useQuery({ query: AutocompleteQuery, variables: { prefix: query }, pause: !suggesting || query.length < 2 });
  const suggestionList = useMemo<Suggestion[]>(
    () =>
      (suggestions.data?.autocomplete ?? []).map((s) => ({
        key: `${s.kind}:${s.text}:${s.asset?.id ?? ""}`,
        text: s.text,
        kind: s.kind,
        href: s.asset ? assetPath(s.asset.uniqueId, s.asset.project.name) : null,
      })),
    [suggestions.data],
  );
  const [results] = useQuery({ query: SearchQuery, variables: { query, filter: filterOf(params) }, pause: query.length === 0 });

  const toggle = (param: string, value: string) => {
    const next = new URLSearchParams(search);
    const values = next.getAll(param);
    next.delete(param);
    for (const v of values.includes(value) ? values.filter((x) => x !== value) : [...values, value]) next.append(param, v);
    navigate(`/search?${next}`);
  };

  const data = results.data?.search;
  return (
    <div className="search-page">
      <h1>Search the catalog</h1>
      <div className="search-box" role="search">
        <SearchCombobox
          label="Search models, columns, owners and definitions"
          placeholder="A business word, a model, a column…"
          value={typed}
          onChange={setTyped}
          suggestions={suggestionList}
          onOpen={(href) => navigate(href)}
          onWantSuggestions={() => setSuggesting(true)}
        />
      </div>
      {results.error ? (
        <p role="alert" className="error">
          {errorMessage(results.error)}
        </p>
      ) : null}
      {data ? (
        <div className="search-results">
          <aside aria-label="Filters" className="facets">
            {FACETS.map(({ param, facet, label }) =>
              data.facets[facet].length === 0 ? null : (
                <fieldset key={param}>
                  <legend>{label}</legend>
                  {data.facets[facet].map(({ value, count }) => (
                    <label key={value}>
                      <input type="checkbox" checked={params.getAll(param).includes(value)} onChange={() => toggle(param, value)} /> {facet === "kinds" || facet === "layers" ? value.toLowerCase() : value} <span className="count">{count}</span>
                    </label>
                  ))}
                </fieldset>
              ),
            )}
          </aside>
          <section aria-label="Results">
            <p className="total">
              {data.totalCount} {data.totalCount === 1 ? "result" : "results"}
            </p>
            <ol className="hits">
              {data.hits.map((hit, i) => (
                <li key={i} className="hit">
                  {hit.asset ? (
                    <Link href={assetPath(hit.asset.uniqueId, hit.asset.project.name)} className="hit-title">
                      {hit.asset.name}
                      {hit.column ? `.${hit.column.name}` : ""}
                    </Link>
                  ) : hit.term ? (
                    <Link href={glossaryPath(hit.term.name)} className="hit-title">{hit.term.name}</Link>
                  ) : (
                    <span className="hit-title">{hit.owner ? personName(hit.owner) : hit.kind}</span>
                  )}
                  <span className="badge">{hit.column ? "column" : kindLabel(hit.asset?.kind ?? hit.kind)}</span>
                  {hit.term ? <span className="badge">{hit.term.status.toLowerCase()}</span> : null}
                  {hit.certified ? <span className="badge certified">certified</span> : null}
                  {hit.asset?.layer ? <span className="badge">{hit.asset.layer.toLowerCase()}</span> : null}
                  {hit.asset ? <span className="muted">{hit.asset.project.name}</span> : null}
                  {hit.expandedFrom ? <span className="muted"> found as “{hit.expandedFrom}”</span> : null}
                  <p>
                    <Snippet text={hit.snippet} />
                  </p>
                  {hit.term ? <TermDetails term={hit.term} /> : null}
                </li>
              ))}
            </ol>
          </section>
        </div>
      ) : null}
    </div>
  );
}

type Term = NonNullable<ResultOf<typeof SearchQuery>["search"]["hits"][number]["term"]>;

/** A glossary term's other names and the columns and assets that implement it. */
function TermDetails({ term }: { term: Term }) {
  const names = [...term.abbreviations, ...term.synonyms];
  return (
    <>
      {names.length ? <p className="muted">Also: {names.join(", ")}</p> : null}
      {term.implementations.length ? (
        <p className="term-implementations">
          Implemented by{" "}
          {term.implementations.slice(0, 8).map((i, n) => (
            <span key={`${i.asset.id}:${i.column ?? ""}`}>
              {n ? ", " : ""}
              <Link href={assetPath(i.asset.uniqueId, i.asset.project.name)}>{i.asset.name}{i.column ? `.${i.column}` : ""}</Link>
            </span>
          ))}
          {term.implementations.length > 8 ? ` and ${term.implementations.length - 8} more` : ""}
        </p>
      ) : null}
    </>
  );
}
