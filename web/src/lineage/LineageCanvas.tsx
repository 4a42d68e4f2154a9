/** Draws a laid-out lineage view with React Flow: asset boxes, overview boxes, merged edges. */
import { Background, Controls, getViewportForBounds, Handle, MarkerType, Panel, Position, ReactFlow, useReactFlow, useStoreApi, type Edge, type Node, type NodeProps } from "@xyflow/react";
import { toCanvas, toSvg } from "html-to-image";
import "@xyflow/react/dist/style.css";
import { memo, useEffect, useMemo, useRef } from "react";
import { Link } from "wouter";
import { assetPath } from "../lib/links";
import type { LineageAsset, View } from "./view";
import { kindLabel } from "../lib/format";

export const NODE_WIDTH = 230;
export const NODE_HEIGHT = 58;
const COLUMN_LINE = 18;

type AssetData = { asset: LineageAsset; columns: string[]; highlighted: boolean; dimmed: boolean; plus: "ready" | "loading" | null; onExtend: (id: string) => void };
type GroupData = { label: string; count: number; lit: number; dimmed: boolean; onOpen: () => void };

const AssetBox = memo(function AssetBox({ data }: NodeProps<Node<AssetData>>) {
  const { asset, columns, highlighted, dimmed, plus, onExtend } = data;
  const where = asset.side === "UPSTREAM" ? "upstream" : "downstream";
  return (
    <div className={`lineage-node side-${asset.side.toLowerCase()}${highlighted ? " highlighted" : ""}${dimmed ? " dimmed" : ""}`} data-testid="lineage-node" data-unique-id={asset.uniqueId} data-highlighted={highlighted}>
      {plus ? (
        <button type="button" className={`extend-hop nodrag extend-${where}`} data-testid="extend-hop" disabled={plus === "loading"} onClick={() => onExtend(asset.id)} aria-label={`Load the next hop ${where} of ${asset.name}`} title={`Load the next hop ${where}`}>
          {plus === "loading" ? "…" : "+"}
        </button>
      ) : null}
      <Handle type="target" position={Position.Left} />
      <Link href={assetPath(asset.uniqueId, asset.project)} className="name">{asset.name}</Link>
      <div className="meta">{kindLabel(asset.kind)}{asset.layer ? ` · ${asset.layer.toLowerCase()}` : ""} · {asset.project}</div>
      {columns.map((c) => <div key={c} className="column-chip">{c}</div>)}
      <Handle type="source" position={Position.Right} />
    </div>
  );
});

const GroupBox = memo(function GroupBox({ data }: NodeProps<Node<GroupData>>) {
  return (
    <div className={`lineage-group${data.lit ? " highlighted" : ""}${data.dimmed ? " dimmed" : ""}`} data-testid="lineage-group" data-lit={data.lit}>
      <Handle type="target" position={Position.Left} />
      <button type="button" onClick={data.onOpen} className="nodrag">
        <b>{data.count}</b> {data.label}
        {data.lit ? <span className="lit-count"> · {data.lit} lit</span> : null}
      </button>
      <Handle type="source" position={Position.Right} />
    </div>
  );
});

const nodeTypes = { asset: AssetBox, group: GroupBox };

export function nodeHeight(columns: number): number {
  return NODE_HEIGHT + Math.min(columns, 6) * COLUMN_LINE;
}

/** Past this many boxes only those on screen are in the DOM, and the picture opens on the asset. */
const LARGE = 150;
/** A large picture opens no smaller than this: the asset and its first hops, readable. */
const LARGE_OPENING_ZOOM = 0.5;
const HANDLE = 6;
/** React Flow's fitView default. */
const FIT_PADDING = 0.1;

/**
 * A box's size and handles as laid out, before the browser measures it. React Flow otherwise
 * draws every box once, hidden, to measure it (even the boxes off screen), and frames the
 * picture only after: for 1,000 boxes that first draw was most of the time to a picture.
 */
function laidOutSize(width: number, height: number): Pick<Node, "initialWidth" | "initialHeight" | "handles"> {
  const y = height / 2 - HANDLE / 2;
  return {
    initialWidth: width,
    initialHeight: height,
    handles: [
      { type: "target", position: Position.Left, x: -HANDLE / 2, y, width: HANDLE, height: HANDLE },
      { type: "source", position: Position.Right, x: width - HANDLE / 2, y, width: HANDLE, height: HANDLE },
    ],
  };
}

export function LineageCanvas(props: {
  view: View;
  positions: Record<string, { x: number; y: number }>;
  columnsOf: ReadonlyMap<string, string[]> | null;
  onOpenGroup: (key: string) => void;
  /** Assets whose own next hop a "+" loads, the one loading now, and what loads it. */
  extendable: ReadonlySet<string>;
  extending: string | null;
  onExtend: (id: string) => void;
}) {
  const { view, positions, columnsOf, onOpenGroup, extendable, extending, onExtend } = props;
  // How many lit assets each drawn box holds: 1 or 0 for an asset, a count for a closed box.
  const litIn = useMemo(() => {
    const counts = new Map<string, number>();
    if (columnsOf) for (const n of view.nodes) counts.set(n.id, n.type === "asset" ? Number(columnsOf.has(n.id)) : n.members.filter((id) => columnsOf.has(id)).length);
    return (id: string) => counts.get(id) ?? 0;
  }, [view, columnsOf]);
  const nodes = useMemo<Node[]>(
    () =>
      view.nodes.map((n) =>
        n.type === "asset"
          ? {
              id: n.id,
              type: "asset",
              position: positions[n.id] ?? { x: 0, y: 0 },
              ...laidOutSize(NODE_WIDTH, nodeHeight(columnsOf?.get(n.id)?.length ?? 0)),
              data: {
                asset: n.asset,
                columns: (columnsOf?.get(n.id) ?? []).slice(0, 6),
                highlighted: columnsOf?.has(n.id) ?? false,
                dimmed: columnsOf !== null && !columnsOf.has(n.id),
                plus: extending === n.id ? "loading" : extendable.has(n.id) ? "ready" : null,
                onExtend,
              },
              draggable: false,
            }
          : { id: n.id, type: "group", position: positions[n.id] ?? { x: 0, y: 0 }, ...laidOutSize(NODE_WIDTH, nodeHeight(0)), data: { label: n.label, count: n.count, lit: litIn(n.id), dimmed: columnsOf !== null && litIn(n.id) === 0, onOpen: () => onOpenGroup(n.key) }, draggable: false },
      ),
    [view, positions, columnsOf, onOpenGroup, litIn, extendable, extending, onExtend],
  );
  const edges = useMemo<Edge[]>(
    () =>
      view.edges.map((e) => {
        const lit = columnsOf !== null && litIn(e.source) > 0 && litIn(e.target) > 0;
        return {
          id: e.id,
          source: e.source,
          target: e.target,
          label: e.count > 1 ? String(e.count) : undefined,
          markerEnd: { type: MarkerType.ArrowClosed },
          className: lit ? "lit" : columnsOf ? "dimmed" : undefined,
          focusable: false,
        };
      }),
    [view, columnsOf, litIn],
  );
  // A large picture opens on the asset and its first hops (at least LARGE_OPENING_ZOOM), not
  // on every box at a size no one can read: zooming out or panning shows the rest.
  const opening = useMemo(
    () => (view.nodes.length > LARGE ? { nodes: view.nodes.filter((n) => (n.type === "asset" ? n.asset.degree : n.degree) <= 1).map((n) => ({ id: n.id })), minZoom: LARGE_OPENING_ZOOM, maxZoom: 1 } : undefined),
    [view],
  );
  return (
    <div className="lineage-canvas" data-testid="lineage-canvas">
      <ReactFlow nodes={nodes} edges={edges} nodeTypes={nodeTypes} fitView fitViewOptions={opening} minZoom={0.05} onlyRenderVisibleElements={nodes.length > LARGE} nodesConnectable={false}>
        <Background />
        <Controls showInteractive={false} />
        <Panel position="top-right">
          <ExportButtons />
        </Panel>
        <FitWhenGrown count={nodes.length} />
      </ReactFlow>
    </div>
  );
}

/**
 * fitView frames the first picture only; when a "+" or an opened box adds assets, frame the
 * picture again, so they do not land off screen. From the laid-out sizes, on the next frame:
 * React Flow's own fitView() waits for boxes it has measured, and boxes given their size are
 * not measured again (the nodes here are rebuilt, not updated with what React Flow measured).
 */
function FitWhenGrown({ count }: { count: number }) {
  const flow = useReactFlow();
  const store = useStoreApi();
  const framed = useRef(count);
  useEffect(() => {
    if (count <= framed.current) return;
    framed.current = count;
    const frame = requestAnimationFrame(() => {
      const { width, height, minZoom, maxZoom } = store.getState();
      void flow.setViewport(getViewportForBounds(flow.getNodesBounds(flow.getNodes()), width, height, minZoom, maxZoom, FIT_PADDING));
    });
    return () => cancelAnimationFrame(frame);
  }, [flow, store, count]);
  return null;
}

/** What an edge looks like, from the stylesheet: the export needs it on the elements themselves. */
const EDGE_STYLE = ["stroke", "stroke-width", "fill", "opacity"] as const;

/**
 * html-to-image copies each HTML element's computed style into its clone, but clones an <svg>
 * whole, as is (html-to-image 1.11.12+, bubkoo/html-to-image#496): the edges lose the
 * stylesheet's stroke and vanish from the image. So while exporting, each edge element carries
 * its computed look inline; the previous style attribute comes back afterwards.
 */
async function withInlineEdgeStyles<T>(viewport: HTMLElement, run: () => Promise<T>): Promise<T> {
  const elements = [...viewport.querySelectorAll<SVGElement>(".react-flow__edge-path, .react-flow__edge-text")];
  const previous = elements.map((element) => element.getAttribute("style"));
  for (const element of elements) {
    const computed = getComputedStyle(element);
    for (const property of EDGE_STYLE) element.style.setProperty(property, computed.getPropertyValue(property));
  }
  try {
    return await run();
  } finally {
    elements.forEach((element, i) => (previous[i] === null ? element.removeAttribute("style") : element.setAttribute("style", previous[i]!)));
  }
}

/**
 * A PNG of the picture that is not blank. Chromium can paint an SVG's foreignObject onto a canvas
 * before its content is laid out, giving a white image (bubkoo/html-to-image#488): a busy machine
 * met it one time in two, even after a warm-up render. A picture always has boxes, so a render
 * without one inked pixel is drawn again, a little later each time.
 */
async function inkedPng(viewport: HTMLElement, options: Parameters<typeof toCanvas>[1]): Promise<string> {
  let canvas = await toCanvas(viewport, options);
  for (let attempt = 1; attempt < 8 && !hasInk(canvas); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    canvas = await toCanvas(viewport, options);
  }
  return canvas.toDataURL("image/png");
}

function hasInk(canvas: HTMLCanvasElement): boolean {
  const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
  for (let i = 0; i < data.length; i += 4) if (data[i]! < 235 || data[i + 1]! < 235 || data[i + 2]! < 235) return true;
  return false;
}

/** Export the whole picture (not just what is on screen) as PNG or SVG, drawn in the browser. */
function ExportButtons() {
  const flow = useReactFlow();
  const save = async (format: "png" | "svg") => {
    const viewport = document.querySelector<HTMLElement>(".lineage-canvas .react-flow__viewport");
    if (!viewport) return;
    const bounds = flow.getNodesBounds(flow.getNodes());
    const width = Math.min(8000, Math.ceil(bounds.width + 80));
    const height = Math.min(8000, Math.ceil(bounds.height + 80));
    // At scale 1, moved so the picture's top-left corner sits 40 px inside the image.
    const transform = `translate(${40 - bounds.x}px, ${40 - bounds.y}px) scale(1)`;
    const options = { backgroundColor: "#ffffff", width, height, style: { width: `${width}px`, height: `${height}px`, transform } };
    const url = await withInlineEdgeStyles(viewport, async () => {
      if (format === "svg") return toSvg(viewport, options);
      return inkedPng(viewport, options);
    });
    const link = document.createElement("a");
    link.download = `lineage.${format}`;
    link.href = url;
    link.click();
  };
  return (
    <div className="export">
      <button type="button" onClick={() => save("png")}>Export PNG</button>
      <button type="button" onClick={() => save("svg")}>Export SVG</button>
    </div>
  );
}
