/**
 * Deterministic lineage graphs for benchmarks and tests.
 *
 * `generateTenantGraph` builds one tenant the size of the benchmark (20k assets, 60k
 * edges, 300k columns, 500k column edges by default), shaped like a real dbt project: sources
 * and seeds → staging → intermediate → marts → exposures and metrics, grouped in business
 * domains, fan-in 2–4, a few hubs with 1,000+ children, a few small cycles (bad manifests
 * happen), and some models whose SQL gave no column lineage. The same seed gives the same rows.
 *
 * `knownGraphs` are tiny graphs whose answers are written down, for tests.
 */
import type { AssetEdgeRow, AssetKind, AssetRow, ColumnEdgeRow, ColumnRow, ColumnTransform, EdgeOrigin } from "../../src/core/lineage/types.js";
import type { Layer } from "../../src/core/manifest/snapshot.js";
import { variedDescription } from "./text.js";

// ---------------------------------------------------------------------------------------------
// Seeded randomness

export type Random = () => number;

/** mulberry32: small, fast, and good enough for test data. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function intBetween(random: Random, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** A cuid-shaped id (25 characters, not in creation order), unique per (two-letter prefix, n). */
function cuidLike(prefix: string, n: number): string {
  const scramble = (x: number): string => (Math.imul(x ^ 0x5bd1e995, 0x9e3779b1) >>> 0).toString(36).padStart(7, "0");
  return flat(prefix + scramble(n) + scramble(n + 0x3c6ef372) + n.toString(36).padStart(9, "0"));
}

/**
 * A concatenated string as one flat string, like those a database driver returns. Left as a
 * rope of concatenations it would cost extra heap and skew the memory measurements.
 */
function flat(text: string): string {
  return Buffer.from(text, "latin1").toString("latin1");
}

// ---------------------------------------------------------------------------------------------
// The benchmark tenant

export interface GeneratedAsset extends AssetRow {
  uniqueId: string;
  name: string;
  layer: Layer | null;
  description: string;
  tags: string[];
  /** Exposure type (dashboard, notebook, application) or metric type; else null. */
  subtype: string | null;
  domain: string;
}

export interface GeneratedColumn extends ColumnRow {
  description: string;
  dataType: string;
  position: number;
}

export interface GeneratedColumnEdge extends ColumnEdgeRow {
  fromAssetId: string;
  toAssetId: string;
}

export interface GeneratedHub {
  id: string;
  name: string;
  kind: AssetKind;
  children: number;
}

export interface GeneratedTenant {
  assets: GeneratedAsset[];
  edges: AssetEdgeRow[];
  columns: GeneratedColumn[];
  columnEdges: GeneratedColumnEdge[];
  hubs: GeneratedHub[];
  /** Assets whose SQL yielded no column lineage (their columns have no upstream edges). */
  withoutColumnLineage: string[];
}

export interface TenantGraphSize {
  seed?: number;
  assets?: number;
  edges?: number;
  columns?: number;
  columnEdges?: number;
  /** Hubs get this many children at least (capped by what the graph has). */
  hubChildren?: number;
}

const DOMAINS = ["finance", "marketing", "sales", "product", "support", "growth", "billing", "logistics", "people", "risk"];
const ENTITIES = [
  "customers", "orders", "payments", "subscriptions", "invoices", "campaigns", "sessions", "events",
  "accounts", "products", "refunds", "tickets", "leads", "opportunities", "shipments", "employees",
];

/** Column names with the definitions stakeholders search for. */
const BUSINESS_TERMS: readonly (readonly [string, string])[] = [
  ["customer_acquisition_cost", "Customer acquisition cost (CAC): marketing and sales spend divided by the number of new customers won in the period."],
  ["churn_rate", "Churn rate: share of customers active at the start of the month who cancelled by its end."],
  ["monthly_recurring_revenue", "Monthly recurring revenue (MRR): normalized monthly value of all active subscriptions."],
  ["annual_recurring_revenue", "Annual recurring revenue (ARR): twelve times monthly recurring revenue."],
  ["customer_lifetime_value", "Customer lifetime value (LTV): expected gross margin from a customer over the whole relationship."],
  ["net_revenue", "Net revenue after refunds, discounts and taxes, in the reporting currency."],
  ["gross_margin", "Gross margin: net revenue minus cost of goods sold, as a share of net revenue."],
  ["average_order_value", "Average order value: net revenue divided by the number of completed orders."],
  ["conversion_rate", "Conversion rate: share of sessions that ended in a completed order."],
  ["net_promoter_score", "Net promoter score: promoters minus detractors, from the quarterly survey."],
  ["days_sales_outstanding", "Days sales outstanding: average number of days to collect payment after an invoice."],
  ["active_users", "Active users: distinct users with at least one session in the period."],
  ["retention_rate", "Retention rate: share of a signup cohort still active after N months."],
  ["return_on_ad_spend", "Return on ad spend (ROAS): revenue attributed to a campaign divided by its cost."],
  ["payback_period_months", "Payback period: months of gross margin needed to recover the customer acquisition cost."],
  ["expansion_revenue", "Expansion revenue: added monthly recurring revenue from upgrades of existing customers."],
  ["first_order_date", "Date of the customer's first completed order."],
  ["is_active", "True when the record is currently active."],
  ["created_at", "Timestamp when the record was created in the source system."],
  ["updated_at", "Timestamp of the last change in the source system."],
  ["amount_usd", "Amount converted to US dollars at the daily rate."],
  ["status", "Lifecycle status as reported by the source system."],
  ["country_code", "ISO 3166-1 alpha-2 country code."],
  ["region", "Sales region the record belongs to."],
  ["channel", "Acquisition channel (paid search, organic, referral, partner)."],
  ["discount_amount", "Total discount applied, in the order currency."],
  ["tax_amount", "Tax charged, in the order currency."],
  ["quantity", "Number of units."],
  ["email", "Contact email address (PII)."],
  ["segment", "Customer segment (SMB, mid-market, enterprise)."],
];
const DATA_TYPES = ["varchar", "bigint", "numeric(18,2)", "timestamp", "date", "boolean"];
const VALUE_TRANSFORMS: readonly ColumnTransform[] = ["DIRECT", "DIRECT", "DIRECT", "TRANSFORMED", "TRANSFORMED", "AGGREGATED"];
const ROW_TRANSFORMS: readonly ColumnTransform[] = ["JOIN", "JOIN", "FILTER", "GROUP_BY", "SORT", "WINDOW"];

/** Share of each tier in the asset count, in dependency order. */
const TIERS: readonly { tier: Tier; share: number }[] = [
  { tier: "source", share: 0.09 },
  { tier: "seed", share: 0.01 },
  { tier: "staging", share: 0.25 },
  { tier: "intermediate", share: 0.275 },
  { tier: "mart", share: 0.275 },
  { tier: "exposure", share: 0.08 },
  { tier: "metric", share: 0.02 },
];
type Tier = "source" | "seed" | "staging" | "intermediate" | "mart" | "exposure" | "metric";

interface TierInfo {
  kind: AssetKind;
  layer: Layer | null;
  prefix: string;
  columns: readonly [number, number];
}
const TIER_INFO: Record<Tier, TierInfo> = {
  source: { kind: "SOURCE", layer: null, prefix: "raw", columns: [10, 30] },
  seed: { kind: "SEED", layer: null, prefix: "seed", columns: [3, 10] },
  staging: { kind: "MODEL", layer: "STAGING", prefix: "stg", columns: [10, 28] },
  intermediate: { kind: "MODEL", layer: "INTERMEDIATE", prefix: "int", columns: [8, 24] },
  mart: { kind: "MODEL", layer: "MART", prefix: "fct", columns: [10, 30] },
  exposure: { kind: "EXPOSURE", layer: null, prefix: "dashboard", columns: [0, 0] },
  metric: { kind: "METRIC", layer: null, prefix: "metric", columns: [0, 0] },
};

interface Draft {
  asset: GeneratedAsset;
  tier: Tier;
  /** Position in dependency order: edges only go from lower to higher rank (bar the cycles). */
  rank: number;
  parents: number[];
  columns: number[];
}

export function generateTenantGraph(size: TenantGraphSize = {}): GeneratedTenant {
  const target = {
    seed: size.seed ?? 20240601,
    assets: size.assets ?? 20_000,
    edges: size.edges ?? 60_000,
    columns: size.columns ?? 300_000,
    columnEdges: size.columnEdges ?? 500_000,
    hubChildren: size.hubChildren ?? 1_000,
  };
  const random = seededRandom(target.seed);
  const drafts = draftAssets(random, target.assets);
  const { edges, hubs } = wireAssets(random, drafts, target.edges, target.hubChildren);
  // Descriptions draw from their own generator, so the graph's shape is the same with or without them.
  const prose = seededRandom(target.seed ^ 0x5eed7e47);
  for (const draft of drafts) draft.asset.description = flat(`${draft.asset.description} ${variedDescription(prose, 6)}`);
  const columns = addColumns(random, drafts, target.columns, prose);
  const { columnEdges, withoutColumnLineage } = wireColumns(random, drafts, columns, target.columnEdges);
  return { assets: drafts.map((draft) => draft.asset), edges, columns, columnEdges, hubs, withoutColumnLineage };
}

function draftAssets(random: Random, count: number): Draft[] {
  const drafts: Draft[] = [];
  TIERS.forEach(({ tier, share }, t) => {
    const tierCount = t === TIERS.length - 1 ? count - drafts.length : Math.round(count * share);
    const info = TIER_INFO[tier];
    for (let i = 0; i < tierCount; i++) {
      const n = drafts.length;
      const domain = pick(random, DOMAINS);
      const entity = pick(random, ENTITIES);
      const name = flat(`${info.prefix}_${domain}__${entity}_${i}`);
      drafts.push({
        tier,
        rank: n,
        parents: [],
        columns: [],
        asset: {
          id: cuidLike("ca", n),
          uniqueId: flat(`${info.kind.toLowerCase()}.shop.${name}`),
          name,
          kind: info.kind,
          layer: info.layer,
          description: describeAsset(random, tier, domain, entity),
          tags: [domain, tier],
          subtype: tier === "exposure" ? pick(random, ["dashboard", "notebook", "application"]) : tier === "metric" ? "simple" : null,
          domain,
        },
      });
    }
  });
  return drafts;
}

function describeAsset(random: Random, tier: Tier, domain: string, entity: string): string {
  const term = pick(random, BUSINESS_TERMS)[1];
  const what: Record<Tier, string> = {
    source: `Raw ${entity} as loaded from the ${domain} system.`,
    seed: `Reference list of ${entity} maintained by the ${domain} team.`,
    staging: `${entity} from the ${domain} source, renamed, typed and deduplicated.`,
    intermediate: `${entity} joined and enriched for ${domain} reporting.`,
    mart: `${domain} mart of ${entity}, one row per ${entity.replace(/s$/, "")}. Key measure: ${term}`,
    exposure: `${domain} dashboard on ${entity} used in the weekly business review.`,
    metric: `Metric definition. ${term}`,
  };
  return what[tier];
}

/** Which tiers a tier's parents come from, most likely first. */
const PARENT_TIERS: Record<Tier, readonly Tier[]> = {
  source: [],
  seed: [],
  staging: ["source", "source", "source", "seed"],
  intermediate: ["staging", "staging", "intermediate", "seed"],
  mart: ["intermediate", "intermediate", "staging", "mart"],
  exposure: ["mart", "mart", "mart", "intermediate"],
  metric: ["mart"],
};

function wireAssets(
  random: Random,
  drafts: Draft[],
  edgeTarget: number,
  hubChildren: number,
): { edges: AssetEdgeRow[]; hubs: GeneratedHub[] } {
  const byTier = new Map<Tier, Draft[]>();
  const byTierAndDomain = new Map<string, Draft[]>();
  for (const draft of drafts) {
    appendTo(byTier, draft.tier, draft);
    appendTo(byTierAndDomain, `${draft.tier}/${draft.asset.domain}`, draft);
  }
  const edgeKeys = new Set<number>();
  const edges: AssetEdgeRow[] = [];
  const link = (parent: Draft, child: Draft, origin: EdgeOrigin = pickOrigin(random)): boolean => {
    const key = parent.rank * drafts.length + child.rank;
    if (parent === child || edgeKeys.has(key) || edges.length >= edgeTarget) return false;
    edgeKeys.add(key);
    child.parents.push(parent.rank);
    edges.push({ fromId: parent.asset.id, toId: child.asset.id, origin });
    return true;
  };
  /** A random member of `pool` (sorted by rank) that comes before `child`, if any. */
  const pickEarlier = (pool: readonly Draft[] | undefined, child: Draft): Draft | undefined => {
    const count = pool ? countBefore(pool, child.rank) : 0;
    return count > 0 ? pool![Math.floor(random() * count)] : undefined;
  };

  // Hubs first, so that their 1,000+ children are there whatever the edge budget.
  const hubs = addHubs(random, byTier, hubChildren, link);
  for (const child of drafts) {
    const parentTiers = PARENT_TIERS[child.tier];
    if (parentTiers.length === 0) continue;
    const fanIn = child.tier === "staging" ? intBetween(random, 1, 2) : child.tier === "metric" ? 1 : intBetween(random, 2, 4);
    for (let attempt = 0; attempt < fanIn * 4 && child.parents.length < fanIn; attempt++) {
      const tier = pick(random, parentTiers);
      // Mostly within the child's own domain, as real projects are.
      const parent =
        (random() < 0.8 ? pickEarlier(byTierAndDomain.get(`${tier}/${child.asset.domain}`), child) : undefined) ??
        pickEarlier(byTier.get(tier), child);
      if (parent) link(parent, child);
    }
  }

  addCycles(random, byTier.get("intermediate") ?? [], link);
  topUpEdges(random, drafts, edgeTarget, edges, link);
  return { edges, hubs };
}

function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function countBefore(pool: readonly Draft[], rank: number): number {
  let low = 0;
  let high = pool.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (pool[mid]!.rank < rank) low = mid + 1;
    else high = mid;
  }
  return low;
}

function pickOrigin(random: Random): EdgeOrigin {
  const roll = random();
  return roll < 0.8 ? "BOTH" : roll < 0.93 ? "DECLARED" : "INFERRED";
}

type Link = (parent: Draft, child: Draft, origin?: EdgeOrigin) => boolean;

/** A raw event source, a staging customer model, a calendar seed, a date spine and a customer dimension. */
function addHubs(random: Random, byTier: Map<Tier, Draft[]>, minimumChildren: number, link: Link): GeneratedHub[] {
  const plan: readonly [Tier, readonly Tier[], string][] = [
    ["source", ["staging"], "raw_events__events_hub"],
    ["seed", ["staging", "intermediate", "mart"], "seed_calendar__dates_hub"],
    ["staging", ["intermediate", "mart"], "stg_customers__customers_hub"],
    ["intermediate", ["intermediate", "mart"], "int_date_spine__dates_hub"],
    ["mart", ["mart", "exposure"], "dim_customers__customers_hub"],
  ];
  const hubs: GeneratedHub[] = [];
  for (const [tier, childTiers, name] of plan) {
    const candidates = byTier.get(tier) ?? [];
    if (candidates.length === 0) continue;
    // Hubs sit early in their tier so that there is room for many children after them.
    const hub = candidates[Math.floor(candidates.length * 0.05)]!;
    hub.asset.name = name;
    hub.asset.uniqueId = `${hub.asset.kind.toLowerCase()}.shop.${name}`;
    const pool = childTiers.flatMap((childTier) => byTier.get(childTier) ?? []).filter((child) => child.rank > hub.rank);
    const wanted = Math.min(pool.length, minimumChildren + intBetween(random, 0, minimumChildren / 2));
    let children = 0;
    for (const child of shuffled(random, pool)) {
      if (children >= wanted) break;
      if (child.parents.includes(hub.rank) || link(hub, child)) children++;
    }
    hubs.push({ id: hub.asset.id, name, kind: hub.asset.kind, children });
  }
  return hubs;
}

/** Three small cycles among intermediate models: an edge back from a child to an ancestor. */
function addCycles(random: Random, intermediates: Draft[], link: Link): void {
  const byRank = new Map(intermediates.map((draft) => [draft.rank, draft]));
  const withParents = intermediates.filter((draft) => draft.parents.some((parent) => byRank.has(parent)));
  for (let i = 0; i < 3 && withParents.length > 0; i++) {
    const child = pick(random, withParents);
    const parent = byRank.get(child.parents.find((rank) => byRank.has(rank))!)!;
    link(child, parent, "INFERRED");
  }
}

function topUpEdges(random: Random, drafts: Draft[], edgeTarget: number, edges: AssetEdgeRow[], link: Link): void {
  const models = drafts.filter((draft) => PARENT_TIERS[draft.tier].length > 0);
  while (edges.length < edgeTarget) {
    const child = pick(random, models);
    const parentTier = pick(random, PARENT_TIERS[child.tier]);
    const low = Math.max(0, child.rank - 2_000);
    const parent = drafts[intBetween(random, low, child.rank - 1)];
    if (parent && parent.tier === parentTier) link(parent, child);
  }
}

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

function addColumns(random: Random, drafts: Draft[], columnTarget: number, prose: Random): GeneratedColumn[] {
  const counts = drafts.map((draft) => intBetween(random, ...TIER_INFO[draft.tier].columns));
  const withColumns = drafts.filter((draft) => TIER_INFO[draft.tier].columns[1] > 0).map((draft) => draft.rank);
  let total = counts.reduce((sum, count) => sum + count, 0);
  while (total !== columnTarget && withColumns.length > 0) {
    const rank = pick(random, withColumns);
    const step = total < columnTarget ? 1 : -1;
    if (counts[rank]! + step < 1) continue;
    counts[rank]! += step;
    total += step;
  }

  const columns: GeneratedColumn[] = [];
  for (const draft of drafts) {
    const entity = draft.asset.name.split("__")[1]?.replace(/_\d+$/, "") ?? "records";
    const used = new Set<string>();
    for (let position = 1; position <= counts[draft.rank]!; position++) {
      const [term, description] =
        position === 1 ? [flat(`${entity.replace(/s$/, "")}_id`), `Primary key of ${entity}.`] : pick(random, BUSINESS_TERMS);
      let name = term;
      for (let suffix = 2; used.has(name); suffix++) name = flat(`${term}_${suffix}`);
      used.add(name);
      draft.columns.push(columns.length);
      columns.push({
        id: cuidLike("cc", columns.length),
        assetId: draft.asset.id,
        name,
        // A business term's definition, then prose: nearly every column's description is its own.
        description: flat(`${description} ${variedDescription(prose)}`),
        dataType: position === 1 ? "bigint" : pick(random, DATA_TYPES),
        position,
      });
    }
  }
  return columns;
}

function wireColumns(
  random: Random,
  drafts: Draft[],
  columns: GeneratedColumn[],
  edgeTarget: number,
): { columnEdges: GeneratedColumnEdge[]; withoutColumnLineage: string[] } {
  const readers = drafts.filter((draft) => draft.columns.length > 0 && draft.parents.some((parent) => drafts[parent]!.columns.length > 0));
  // Some SQL cannot be resolved to columns (SELECT *, dynamic SQL): those models get none.
  const unresolved = new Set(readers.filter(() => random() < 0.05).map((draft) => draft.rank));
  const resolved = readers.filter((draft) => !unresolved.has(draft.rank));
  const keys = new Set<number>();
  const columnEdges: GeneratedColumnEdge[] = [];
  const columnCount = columns.length;
  const connect = (from: number, to: number, transform: ColumnTransform): void => {
    const key = (from * columnCount + to) * 8 + ROW_AND_VALUE.indexOf(transform);
    if (keys.has(key) || columnEdges.length >= edgeTarget) return;
    keys.add(key);
    columnEdges.push({
      fromColumnId: columns[from]!.id,
      toColumnId: columns[to]!.id,
      transform,
      fromAssetId: columns[from]!.assetId,
      toAssetId: columns[to]!.assetId,
    });
  };
  const parentColumnsOf = (draft: Draft): number[] => draft.parents.flatMap((parent) => drafts[parent]!.columns);

  // Every resolved column gets one value source, preferring an upstream column of the same name.
  for (const draft of resolved) {
    const upstream = parentColumnsOf(draft);
    if (upstream.length === 0) continue;
    const byName = new Map(upstream.map((column) => [columns[column]!.name, column]));
    for (const column of draft.columns) {
      const source = byName.get(columns[column]!.name) ?? pick(random, upstream);
      connect(source, column, pick(random, VALUE_TRANSFORMS));
    }
  }
  // The rest: more inputs per column, and the keys models join, filter and group on.
  const upstreamCache = new Map<number, number[]>();
  for (let guard = 0; columnEdges.length < edgeTarget && guard < edgeTarget * 4; guard++) {
    const draft = pick(random, resolved);
    let upstream = upstreamCache.get(draft.rank);
    if (!upstream) upstreamCache.set(draft.rank, (upstream = parentColumnsOf(draft)));
    if (upstream.length === 0) continue;
    const transform = random() < 0.6 ? pick(random, VALUE_TRANSFORMS) : pick(random, ROW_TRANSFORMS);
    connect(pick(random, upstream), pick(random, draft.columns), transform);
  }
  return { columnEdges, withoutColumnLineage: [...unresolved].map((rank) => drafts[rank]!.asset.id) };
}

const ROW_AND_VALUE: readonly ColumnTransform[] = ["DIRECT", "TRANSFORMED", "AGGREGATED", "FILTER", "JOIN", "GROUP_BY", "SORT", "WINDOW"];

// ---------------------------------------------------------------------------------------------
// Tiny graphs with known answers

export interface KnownGraph {
  assets: AssetRow[];
  edges: AssetEdgeRow[];
}

export interface KnownColumnGraph extends KnownGraph {
  columns: ColumnRow[];
  columnEdges: ColumnEdgeRow[];
}

function model(id: string, kind: AssetKind = "MODEL"): AssetRow {
  return { id, kind };
}

function edge(fromId: string, toId: string, origin: EdgeOrigin = "DECLARED"): AssetEdgeRow {
  return { fromId, toId, origin };
}

export const knownGraphs = {
  /** n0 → n1 → … → n(length-1); ids are zero-padded so id order is chain order. */
  chain(length: number): KnownGraph & { ids: string[] } {
    const ids = Array.from({ length }, (_, i) => `n${String(i).padStart(3, "0")}`);
    return { ids, assets: ids.map((id) => model(id)), edges: ids.slice(1).map((id, i) => edge(ids[i]!, id)) };
  },

  /**
   * a → b → d, a → c → d (two shortest paths to d, degree 2), a → f → g → h → d (a longer one),
   * d → e. Downstream of a: b, c, f at 1; d, g at 2; e, h at 3.
   */
  diamond(): KnownGraph {
    const ids = ["a", "b", "c", "d", "e", "f", "g", "h"];
    return {
      assets: ids.map((id) => model(id)),
      edges: [edge("a", "b"), edge("a", "c"), edge("b", "d"), edge("c", "d"), edge("d", "e"), edge("a", "f"), edge("f", "g"), edge("g", "h"), edge("h", "d")],
    };
  },

  /**
   * s → a → b → c → a (a cycle), c → d, and x → x (a self-loop) hanging off d.
   * Downstream of s: a 1, b 2, c 3, d 4, x 5; cycles [a, b, c] and [x].
   */
  cycle(): KnownGraph {
    return {
      assets: ["s", "a", "b", "c", "d", "x"].map((id) => model(id)),
      edges: [edge("s", "a"), edge("a", "b"), edge("b", "c"), edge("c", "a", "INFERRED"), edge("c", "d"), edge("d", "x"), edge("x", "x")],
    };
  },

  /** src → hub → child0000 … child(n-1), and every tenth child → an exposure report. */
  hub(children: number): KnownGraph & { children: string[] } {
    const childIds = Array.from({ length: children }, (_, i) => `child${String(i).padStart(4, "0")}`);
    return {
      children: childIds,
      assets: [model("src", "SOURCE"), model("hub"), ...childIds.map((id) => model(id)), model("report", "EXPOSURE")],
      edges: [
        edge("src", "hub"),
        ...childIds.map((id) => edge("hub", id)),
        ...childIds.filter((_, i) => i % 10 === 0).map((id) => edge(id, "report")),
      ],
    };
  },

  /**
   * raw (SOURCE) → m1 → codes (SEED) → m2 → dash (EXPOSURE); m1 → m3.
   * With kinds [MODEL], downstream of m1: m3 at 1, m2 at 2 (through the hidden seed).
   */
  mixedKinds(): KnownGraph {
    return {
      assets: [model("raw", "SOURCE"), model("m1"), model("codes", "SEED"), model("m2"), model("dash", "EXPOSURE"), model("m3")],
      edges: [edge("raw", "m1"), edge("m1", "codes", "INFERRED"), edge("codes", "m2"), edge("m2", "dash", "BOTH"), edge("m1", "m3")],
    };
  },

  /**
   * Column lineage with known impact of changing orders.amount:
   *
   *   orders(id, amount, status) ─┬→ revenue(order_id, total)     amount→total AGGREGATED, id→order_id DIRECT
   *                               ├→ open_orders(id, note)         status→id FILTER, id→id DIRECT (reads status, not amount)
   *                               ├→ legacy (no columns in lineage: SELECT *)
   *                               └→ shipped(id)                   amount→id FILTER (row-shaping read of amount)
   *   revenue → finance_dash (EXPOSURE, no columns)                (use unknown)
   *   revenue(total) → kpis(total_revenue) TRANSFORMED → kpi_dash (EXPOSURE)
   *   legacy → legacy_report                                        (unknown, through legacy)
   *   open_orders → open_dash (EXPOSURE)                            (not affected: open_orders does not read amount)
   */
  columns(): KnownColumnGraph {
    const assets = [
      model("orders"), model("revenue"), model("open_orders"), model("legacy"), model("shipped"), model("kpis"),
      model("finance_dash", "EXPOSURE"), model("kpi_dash", "EXPOSURE"), model("legacy_report"), model("open_dash", "EXPOSURE"),
    ];
    const edges = [
      edge("orders", "revenue"), edge("orders", "open_orders"), edge("orders", "legacy"), edge("orders", "shipped"),
      edge("revenue", "finance_dash"), edge("revenue", "kpis"), edge("kpis", "kpi_dash"),
      edge("legacy", "legacy_report"), edge("open_orders", "open_dash"),
    ];
    const column = (assetId: string, name: string): ColumnRow => ({ id: `${assetId}.${name}`, assetId, name });
    const columns = [
      column("orders", "id"), column("orders", "amount"), column("orders", "status"),
      column("revenue", "order_id"), column("revenue", "total"),
      column("open_orders", "id"), column("open_orders", "note"),
      column("legacy", "id"), column("legacy", "amount"),
      column("shipped", "id"),
      column("kpis", "total_revenue"),
      column("legacy_report", "amount"),
    ];
    const flow = (from: string, to: string, transform: ColumnTransform): ColumnEdgeRow => ({ fromColumnId: from, toColumnId: to, transform });
    const columnEdges = [
      flow("orders.amount", "revenue.total", "AGGREGATED"),
      flow("orders.id", "revenue.order_id", "DIRECT"),
      flow("orders.status", "open_orders.id", "FILTER"),
      flow("orders.id", "open_orders.id", "DIRECT"),
      flow("orders.amount", "shipped.id", "FILTER"),
      flow("revenue.total", "kpis.total_revenue", "TRANSFORMED"),
      flow("legacy.amount", "legacy_report.amount", "DIRECT"),
    ];
    return { assets, edges, columns, columnEdges };
  },
};
