/**
 * One tenant's asset graph in a compact, read-only form: assets numbered in id order, edges in
 * CSR typed arrays for both directions. Built once from the stored rows and shared by requests.
 */
import { buildCsr, csrByteSize, reverseCsr, type Csr } from "./csr.js";
import { nodesOnCycles } from "./cycles.js";
import { kindCode, kindOfCode, ORIGIN_BITS, originFlags } from "./encoding.js";
import { LineageQueryError } from "./errors.js";
import { Fingerprint } from "./fingerprint.js";
import { VisitScratch } from "./scratch.js";
import { findSorted, internSorted, stringArrayBytes } from "./sortedIds.js";
import type { AssetEdgeRow, AssetKind, AssetRow } from "./types.js";

export class LineageIndex {
  /** Asset ids sorted; an asset's node number is its position. */
  readonly ids: readonly string[];
  /** Kind code per node (see encoding.ts). */
  readonly kinds: Uint8Array;
  /** upstream → downstream; labels are origin flags. */
  readonly downstream: Csr;
  /** downstream → upstream; same edges, same labels. */
  readonly upstream: Csr;
  /** Edge rows whose ends are not among the assets; they are left out. */
  readonly skippedEdges: number;
  /** Asset ids that are another asset (a merged OpenLineage dataset) → that asset's node. */
  private readonly aliasNodes: ReadonlyMap<string, number>;
  private fingerprintValue: string | undefined;
  private scratchSpace: VisitScratch | undefined;
  private onCyclesValue: Uint8Array | undefined;

  constructor(parts: { ids: string[]; kinds: Uint8Array; downstream: Csr; upstream: Csr; skippedEdges: number; aliasNodes?: ReadonlyMap<string, number> }) {
    this.ids = parts.ids;
    this.aliasNodes = parts.aliasNodes ?? new Map();
    this.kinds = parts.kinds;
    this.downstream = parts.downstream;
    this.upstream = parts.upstream;
    this.skippedEdges = parts.skippedEdges;
  }

  /**
   * Changes whenever the assets, kinds or edges do; cursors carry it. Computed on first use
   * (a few ms on 20k assets), since many indexes never serve a second page.
   */
  get fingerprint(): string {
    this.fingerprintValue ??= new Fingerprint()
      .addNumber(this.ids.length)
      .addInts(this.kinds)
      .addInts(this.downstream.offsets)
      .addInts(this.downstream.targets)
      .addInts(this.downstream.labels)
      .addStrings(this.ids)
      .addStrings([...this.aliasNodes.keys()].sort())
      .hex();
    return this.fingerprintValue;
  }

  get nodeCount(): number {
    return this.ids.length;
  }

  get edgeCount(): number {
    return this.downstream.targets.length;
  }

  /** Estimated heap bytes held by the index, scratch space included (allocated on first use). */
  get byteSize(): number {
    return (
      stringArrayBytes(this.ids) +
      this.kinds.byteLength +
      csrByteSize(this.downstream) +
      csrByteSize(this.upstream) +
      this.nodeCount * 9
    );
  }

  /** Node number of an asset id (of the asset it is, for an alias), or -1. */
  nodeOf(id: string): number {
    const node = findSorted(this.ids, id);
    return node >= 0 ? node : (this.aliasNodes.get(id) ?? -1);
  }

  /** Node number of an asset id; an unknown id is the caller's "not found". */
  requireNode(id: string): number {
    const node = this.nodeOf(id);
    if (node < 0) throw new LineageQueryError("UNKNOWN_ASSET", `unknown asset ${id}`);
    return node;
  }

  idOf(node: number): string {
    return this.ids[node]!;
  }

  kindOf(node: number): AssetKind {
    return kindOfCode(this.kinds[node]!);
  }

  csr(direction: "UPSTREAM" | "DOWNSTREAM"): Csr {
    return direction === "UPSTREAM" ? this.upstream : this.downstream;
  }

  /**
   * 1 for each node on a cycle of the whole graph, computed on first use (one Tarjan pass).
   * Lineage is almost always acyclic, so most questions can skip looking for cycles.
   */
  get onCycles(): Uint8Array {
    this.onCyclesValue ??= nodesOnCycles(this.downstream, this.nodeCount);
    return this.onCyclesValue;
  }

  /** Working memory for traversals; see scratch.ts for why sharing it is safe. */
  get scratch(): VisitScratch {
    this.scratchSpace ??= new VisitScratch(this.nodeCount);
    return this.scratchSpace;
  }
}

/**
 * Builds the index from asset rows and lineage edge rows. Duplicate asset rows keep the first
 * kind; two rows for one edge merge their origins (DECLARED + INFERRED = BOTH). An aliased asset
 * (id → the id of the asset it is) is no node: its edges are the other asset's, and asking for
 * it finds the other asset.
 */
export function buildLineageIndex(allAssets: readonly AssetRow[], allEdges: readonly AssetEdgeRow[], aliases: ReadonlyMap<string, string> = new Map()): LineageIndex {
  const as = (id: string) => aliases.get(id) ?? id;
  const assets = aliases.size === 0 ? allAssets : allAssets.filter((asset) => !aliases.has(asset.id));
  const edges = aliases.size === 0 ? allEdges : allEdges.flatMap((edge) => (as(edge.fromId) === as(edge.toId) ? [] : [{ ...edge, fromId: as(edge.fromId), toId: as(edge.toId) }]));
  const { ids, numberOf: nodeOf } = internSorted(assets.map((asset) => asset.id));
  const aliasNodes = new Map<string, number>();
  for (const [alias, id] of aliases) {
    const node = nodeOf.get(id);
    if (node !== undefined) aliasNodes.set(alias, node);
  }
  const kinds = new Uint8Array(ids.length);
  for (let i = assets.length - 1; i >= 0; i--) kinds[nodeOf.get(assets[i]!.id)!] = kindCode(assets[i]!.kind);

  const sources = new Int32Array(edges.length);
  const targets = new Int32Array(edges.length);
  const labels = new Uint8Array(edges.length);
  let kept = 0;
  for (const edge of edges) {
    const from = nodeOf.get(edge.fromId);
    const to = nodeOf.get(edge.toId);
    if (from === undefined || to === undefined) continue;
    sources[kept] = from;
    targets[kept] = to;
    labels[kept] = originFlags(edge.origin);
    kept++;
  }
  const downstream = buildCsr(ids.length, { sources, targets, labels, length: kept }, ORIGIN_BITS, "merge");
  const upstream = reverseCsr(downstream, ORIGIN_BITS);
  return new LineageIndex({ ids, kinds, downstream, upstream, skippedEdges: edges.length - kept, aliasNodes });
}
