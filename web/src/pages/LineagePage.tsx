/**
 * The lineage picture (lazy-loaded): the asset in the middle, upstream left, downstream right.
 * Direction, depth and the highlighted column live in the URL
 * (/assets/<uniqueId>/lineage?direction=&depth=&column=&impact=). Past LIMIT assets the picture
 * is a collapsed overview whose boxes open one by one; any hop can be opened or closed whole.
 * Where the depth cut the picture, an asset's "+" loads its own next hop (and a loaded asset's
 * "+" the hop after), merged into the picture.
 * With `impact=<change request id>` the assets the request reaches are lit, each with its
 * owners (what a change reaches, and whose); a closed box says how many of its assets are lit.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import { useClient, useQuery } from "urql";
import { Link, useLocation, useSearch } from "wouter";
import { graphql, type VariablesOf } from "../graphql";
import { errorMessage } from "../lib/client";
import { assetPath, changeRequestPath, withParam } from "../lib/links";
import { impactOwnerName, type StoredImpact } from "../lib/storedImpact";
import { depthOptions } from "../lineage/depthOptions";
import { LineageCanvas, NODE_WIDTH, nodeHeight } from "../lineage/LineageCanvas";
import { useLineageHead } from "../lineage/headQuery";
import { layout } from "../lineage/layoutClient";
import { extendable, mergeNextHop } from "../lineage/nextHop";
import { buildView, GROUP_BYS, type GroupBy, type Hop, type LineageAsset, type ViewNode } from "../lineage/view";

/** Assets drawn one by one; more become the collapsed overview. */
const LIMIT = 1_000;
/** Assets fetched at most (pages of 500); past that the answer says it is cut. */
const MAX_NODES = 10_000;
const PAGE = 500;

const LineageQuery = graphql(`
  query LineagePage($assetId: ID!, $direction: LineageDirection!, $depth: Int, $first: Int!, $after: String) {
    lineage(assetId: $assetId, direction: $direction, depth: $depth, first: $first, after: $after) {
      totalCount truncated
      pageInfo { hasNextPage endCursor }
      nodes { degree direction asset { id uniqueId name kind layer schema project { name } } }
      edges { from to }
    }
  }
`);

const ColumnLineageQuery = graphql(`
  query ColumnLineagePage($assetId: ID!, $column: String!, $direction: LineageDirection!, $depth: Int) {
    columnLineage(assetId: $assetId, column: $column, direction: $direction, depth: $depth) {
      truncated
      nodes { column asset { id } }
      edges { fromAsset toAsset origin masking }
    }
  }
`);

const ChangeImpactQuery = graphql(`
  query LineageChangeImpact($id: ID!) {
    changeRequest(id: $id) { id title impact changes { assetUniqueId } }
  }
`);

type Direction = VariablesOf<typeof LineageQuery>["direction"];
const DIRECTIONS: Direction[] = ["BOTH", "UPSTREAM", "DOWNSTREAM"];

interface Graph {
  assets: LineageAsset[];
  edges: { from: string; to: string }[];
  totalCount: number;
  truncated: boolean;
  /** Assets a "+" loaded, and assets whose "+" was pressed. */
  added: ReadonlySet<string>;
  extended: ReadonlySet<string>;
}

export default function LineagePage({ uniqueId }: { uniqueId: string }) {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const direction = DIRECTIONS.find((d) => d === params.get("direction")) ?? "BOTH";
  const depthParam = params.get("depth") ?? "2";
  const depth = depthParam === "all" ? null : Math.max(1, Number.parseInt(depthParam, 10) || 2);
  const column = params.get("column") ?? "";
  const impactId = params.get("impact") ?? "";
  const [groupBy, setGroupBy] = useState<GroupBy>("layer");
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [hopState, setHopState] = useState<ReadonlyMap<string, "open" | "closed">>(new Map());

  const setParam = (key: string, value: string) => navigate(`${location}?${withParam(search, key, value)}`, { replace: true });

  const [head] = useLineageHead(uniqueId);
  const asset = head.data?.asset;
  const graph = useLineageGraph(asset ?? null, direction, depth);
  const [columnAnswer] = useQuery({ query: ColumnLineageQuery, variables: { assetId: asset?.id ?? "", column, direction, depth }, pause: !asset || !column });

  const [impactAnswer] = useQuery({ query: ChangeImpactQuery, variables: { id: impactId }, pause: !impactId });
  const impact = useMemo(() => (graph.data && impactAnswer.data ? impactHighlight(graph.data.assets, impactAnswer.data.changeRequest) : null), [graph.data, impactAnswer.data]);

  const columnsOf = useMemo(() => {
    if (!column || !columnAnswer.data) return null;
    // The answer lists the columns the chosen one reaches; the chosen one is lit too.
    const byAsset = new Map<string, string[]>(asset ? [[asset.id, [column]]] : []);
    for (const node of columnAnswer.data.columnLineage.nodes) byAsset.set(node.asset.id, [...(byAsset.get(node.asset.id) ?? []), node.column]);
    return byAsset;
  }, [asset, column, columnAnswer.data]);

  const plus = useMemo(() => (graph.data ? extendable(graph.data.assets, graph.data) : new Set<string>()), [graph.data]);
  const view = useMemo(() => (graph.data ? buildView(graph.data.assets, graph.data.edges, { limit: LIMIT, groupBy, expanded, hopState }) : null), [graph.data, groupBy, expanded, hopState]);
  // A column's lineage, when one is chosen, is lit instead of the change's impact.
  const highlight = column ? columnsOf : (impact?.linesOf ?? null);
  const laidOut = useLayout(view, highlight);
  const openGroup = useCallback((key: string) => setExpanded((open) => new Set(open).add(key)), []);
  const toggleHop = (hop: Hop) => {
    setHopState((state) => new Map(state).set(hop.key, hop.open ? "closed" : "open"));
    // Opening or closing a hop settles each of its boxes too.
    setExpanded((open) => new Set([...open].filter((key) => !key.startsWith(`${hop.key}|`))));
  };

  if (head.error) return <p role="alert" className="error">{errorMessage(head.error)}</p>;
  if (head.data && !asset) return <><h1>Not found</h1><p>No asset <code>{uniqueId}</code>.</p></>;
  return (
    <div className="lineage-page">
      <h1>
        Lineage of {asset ? <Link href={assetPath(asset.uniqueId, asset.project.name)}>{asset.name}</Link> : uniqueId}
      </h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>Direction <select value={direction} onChange={(e) => setParam("direction", e.target.value)}>{DIRECTIONS.map((d) => <option key={d} value={d}>{d.toLowerCase()}</option>)}</select></label>
        <label>Depth <select value={depth === null ? "all" : String(depth)} onChange={(e) => setParam("depth", e.target.value)}>{depthOptions(depth).map((d) => <option key={d.value} value={d.value}>{d.label}</option>)}</select></label>
        <label>Column <select value={column} onChange={(e) => setParam("column", e.target.value)} data-testid="column-select">
          <option value="">none</option>
          {asset?.columns.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
        </select></label>
        <label>Group by <select value={groupBy} onChange={(e) => { setGroupBy(e.target.value as GroupBy); setExpanded(new Set()); }}>
          {GROUP_BYS.map((g) => <option key={g} value={g}>{g}</option>)}
        </select></label>
      </form>
      {asset ? (
        <div className="column-list" aria-label="Columns of this asset">
          {asset.columns.map((c) => (
            <button key={c.name} type="button" aria-pressed={column === c.name} onClick={() => setParam("column", column === c.name ? "" : c.name)}>{c.name}</button>
          ))}
        </div>
      ) : null}
      {view && view.hops.length ? (
        <div className="hop-list" role="group" aria-label="Hops: open to draw each asset, close to group them">
          {view.hops.map((hop) => (
            <button key={hop.key} type="button" aria-pressed={hop.open} onClick={() => toggleHop(hop)} data-testid="hop-toggle" data-hop={hop.key}>
              {hop.degree} hop{hop.degree === 1 ? "" : "s"} {hop.side.toLowerCase()} ({hop.count}) {hop.open ? "▾ open" : "▸ closed"}
            </button>
          ))}
        </div>
      ) : null}
      <p className="muted" role="status">
        {graph.error ? null : graph.data ? `${graph.data.totalCount} assets${graph.data.added.size ? ` (${graph.data.added.size} loaded with +)` : ""}${graph.data.truncated ? " (more lie beyond this depth: choose more hops, or press an asset's +)" : ""}${view?.collapsed ? ` — overview: ${view.nodes.length} boxes, open one to see its assets` : ""}${columnsOf ? ` — column ${column} reaches ${columnsOf.size} assets` : ""}` : "Loading lineage…"}
      </p>
      {columnAnswer.data && column ? <ColumnProvenance edges={columnAnswer.data.columnLineage.edges} /> : null}
      {graph.error ? <p role="alert" className="error">{graph.error}</p> : null}
      {graph.extendError ? <p role="alert" className="error">{graph.extendError}</p> : null}
      {columnAnswer.error ? <p role="alert" className="error">{errorMessage(columnAnswer.error)}</p> : null}
      {impactAnswer.error ? <p role="alert" className="error">{errorMessage(impactAnswer.error)}</p> : null}
      {impact && impactAnswer.data ? (
        <section aria-label="Impact of the change" className="impact-legend" data-testid="impact-legend">
          <p>
            Lit: what <Link href={changeRequestPath(impactAnswer.data.changeRequest.id)}>{impactAnswer.data.changeRequest.title}</Link> reaches ({impact.reached} assets on this picture
            {impact.elsewhere ? `, ${impact.elsewhere} more beyond it` : ""}). {column ? "Clear the column to see it." : ""}
          </p>
          {impact.owners.length ? <p>Whose: {impact.owners.map((o) => `${o.name} (${o.count})`).join(", ")}</p> : <p className="muted">No owner is reached.</p>}
        </section>
      ) : null}
      {view && laidOut ? <LineageCanvas view={laidOut.view} positions={laidOut.positions} columnsOf={highlight} onOpenGroup={openGroup} extendable={plus} extending={graph.extending} onExtend={graph.extend} /> : <div className="lineage-canvas placeholder" />}
    </div>
  );
}

/**
 * Where a column's lineage comes from: edges a producer declared (an OpenLineage
 * `columnLineage` facet), edges read from SQL, and those a producer says mask the value.
 */
function ColumnProvenance({ edges }: { edges: readonly { origin: string; masking: boolean }[] }) {
  if (edges.length === 0) return null;
  const declared = edges.filter((e) => e.origin !== "INFERRED").length;
  const inferred = edges.filter((e) => e.origin !== "DECLARED").length;
  const masked = edges.filter((e) => e.masking).length;
  return (
    <p className="muted" data-testid="column-provenance">
      {edges.length} column edge{edges.length === 1 ? "" : "s"}: {declared} declared by an OpenLineage producer, {inferred} read from SQL
      {masked ? <>; <b>{masked} masked on the way</b></> : null}
    </p>
  );
}

/** Every page of the asset's lineage (up to MAX_NODES), merged into one graph. */
type AssetFields = { id: string; uniqueId: string; name: string; kind: string; layer: string | null; schema: string | null; project: { name: string } };

const lineageAsset = (a: AssetFields, degree: number, side: LineageAsset["side"]): LineageAsset => ({
  id: a.id, uniqueId: a.uniqueId, name: a.name, kind: a.kind, layer: a.layer, schema: a.schema, project: a.project.name, degree, side,
});

function useLineageGraph(asset: AssetFields | null, direction: Direction, depth: number | null) {
  const client = useClient();
  const [state, setState] = useState<{ data: Graph | null; error: string | null }>({ data: null, error: null });
  const [extending, setExtending] = useState<{ id: string | null; error: string | null }>({ id: null, error: null });
  useEffect(() => {
    if (!asset) return;
    let cancelled = false;
    setState({ data: null, error: null });
    setExtending({ id: null, error: null });
    (async () => {
      const graph: Graph = { assets: [lineageAsset(asset, 0, "CENTER")], edges: [], totalCount: 0, truncated: false, added: new Set(), extended: new Set() };
      const fetchPage = async (after: string | null) => {
        const result = await client.query(LineageQuery, { assetId: asset.id, direction, depth, first: PAGE, after }).toPromise();
        if (result.error || !result.data) throw new Error(result.error ? errorMessage(result.error) : "No answer");
        return result.data.lineage;
      };
      for (let after: string | null = null; ; ) {
        const page = await fetchPage(after);
        if (cancelled) return;
        for (const n of page.nodes) graph.assets.push(lineageAsset(n.asset, n.degree, n.direction));
        graph.edges.push(...page.edges);
        graph.totalCount = page.totalCount;
        graph.truncated = page.truncated || (page.pageInfo.hasNextPage && graph.assets.length > MAX_NODES);
        if (!page.pageInfo.hasNextPage || graph.assets.length > MAX_NODES) break;
        after = page.pageInfo.endCursor;
      }
      setState({ data: graph, error: null });
    })().catch((error: unknown) => {
      if (!cancelled) setState({ data: null, error: String((error as Error).message ?? error) });
    });
    return () => {
      cancelled = true;
    };
  }, [client, asset?.id, direction, depth]); // eslint-disable-line react-hooks/exhaustive-deps

  /** One asset's next hop on its side, merged into the graph (one at a time). */
  const extend = useCallback(
    async (id: string) => {
      const from = state.data?.assets.find((a) => a.id === id);
      if (!from || from.side === "CENTER" || extending.id) return;
      setExtending({ id, error: null });
      const result = await client.query(LineageQuery, { assetId: id, direction: from.side, depth: 1, first: PAGE, after: null }).toPromise();
      if (result.error || !result.data) {
        setExtending({ id: null, error: result.error ? errorMessage(result.error) : "No answer" });
        return;
      }
      const answer = result.data.lineage;
      setState((current) => {
        if (!current.data || !current.data.assets.some((a) => a.id === id)) return current;
        const { graph, added } = mergeNextHop(current.data, from, { nodes: answer.nodes.map((n) => ({ degree: n.degree, asset: lineageAsset(n.asset, 0, from.side) })), edges: answer.edges });
        return { ...current, data: { ...graph, totalCount: graph.totalCount + added.length, added: new Set([...graph.added, ...added]), extended: new Set(graph.extended).add(id) } };
      });
      setExtending({ id: null, error: null });
    },
    [client, state.data, extending.id],
  );
  return { ...state, extend, extending: extending.id, extendError: extending.error };
}

/**
 * The assets of the picture a change request reaches (its changed assets too), each with the
 * names of its owners as the lines drawn in its box, and the owners with how many they own.
 */
function impactHighlight(assets: LineageAsset[], request: { impact: unknown; changes: { assetUniqueId: string }[] }) {
  const stored = (request.impact ?? {}) as StoredImpact;
  const reachedKeys = new Set([...(stored.assets ?? []), ...(stored.exposures ?? [])].map((a) => `${a.project}\u0000${a.uniqueId}`));
  const changed = new Set(request.changes.map((c) => c.assetUniqueId));
  const ownersOf = new Map<string, string[]>();
  for (const owner of stored.owners ?? []) {
    const name = impactOwnerName(owner);
    for (const uniqueId of owner.assets) ownersOf.set(uniqueId, [...(ownersOf.get(uniqueId) ?? []), name]);
  }
  const linesOf = new Map<string, string[]>();
  let reachedHere = 0;
  for (const asset of assets) {
    const reached = reachedKeys.has(`${asset.project}\u0000${asset.uniqueId}`);
    if (reached) reachedHere += 1;
    if (reached || changed.has(asset.uniqueId)) linesOf.set(asset.id, (ownersOf.get(asset.uniqueId) ?? []).map((name) => `owner: ${name}`));
  }
  const owners = (stored.owners ?? []).map((o) => ({ name: impactOwnerName(o), count: o.assets.length }));
  return { linesOf, reached: reachedHere, elsewhere: reachedKeys.size - reachedHere, owners };
}

/** Signed hops: upstream columns left of the asset, downstream right. */
function rankOf(node: ViewNode): number {
  const [side, degree] = node.type === "asset" ? [node.asset.side, node.asset.degree] : [node.side, node.degree];
  return side === "UPSTREAM" ? -degree : side === "DOWNSTREAM" ? degree : 0;
}

/**
 * Positions from the layout worker, with the view they were laid out for: a changed view is
 * drawn once its positions are known (not with new boxes piled at the origin meanwhile).
 */
function useLayout(view: ReturnType<typeof buildView> | null, columnsOf: ReadonlyMap<string, string[]> | null) {
  const [laidOut, setLaidOut] = useState<{ view: ReturnType<typeof buildView>; positions: Record<string, { x: number; y: number }> } | null>(null);
  useEffect(() => {
    if (!view) return;
    let cancelled = false;
    const nodes = view.nodes.map((n) => ({ id: n.id, rank: rankOf(n), width: NODE_WIDTH, height: nodeHeight(n.type === "asset" ? (columnsOf?.get(n.id)?.length ?? 0) : 0) }));
    layout(nodes, view.edges).then((result) => {
      if (cancelled) return;
      // Read by bench/web.ts.
      (window as unknown as { __tributaryLayoutMs?: number }).__tributaryLayoutMs = result.ms;
      setLaidOut({ view, positions: result.positions });
    });
    return () => {
      cancelled = true;
    };
  }, [view, columnsOf]);
  return laidOut;
}
