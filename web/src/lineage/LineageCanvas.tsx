/** Draws a laid-out lineage view with React Flow: asset boxes, overview boxes, merged edges. */
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { memo, useMemo } from "react";
import { Link } from "wouter";
import { assetPath } from "../lib/links";
import type { LineageAsset, View } from "./view";

export const NODE_WIDTH = 230;
export const NODE_HEIGHT = 58;
const COLUMN_LINE = 18;

type AssetData = { asset: LineageAsset; columns: string[]; highlighted: boolean; dimmed: boolean };
type GroupData = { label: string; count: number; onOpen: () => void };

const AssetBox = memo(function AssetBox({ data }: NodeProps<Node<AssetData>>) {
  const { asset, columns, highlighted, dimmed } = data;
  return (
    <div className={`lineage-node side-${asset.side.toLowerCase()}${highlighted ? " highlighted" : ""}${dimmed ? " dimmed" : ""}`} data-testid="lineage-node" data-unique-id={asset.uniqueId} data-highlighted={highlighted}>
      <Handle type="target" position={Position.Left} />
      <Link href={assetPath(asset.uniqueId, asset.project)} className="name">{asset.name}</Link>
      <div className="meta">{asset.kind.toLowerCase()}{asset.layer ? ` · ${asset.layer.toLowerCase()}` : ""} · {asset.project}</div>
      {columns.map((c) => <div key={c} className="column-chip">{c}</div>)}
      <Handle type="source" position={Position.Right} />
    </div>
  );
});

const GroupBox = memo(function GroupBox({ data }: NodeProps<Node<GroupData>>) {
  return (
    <div className="lineage-group" data-testid="lineage-group">
      <Handle type="target" position={Position.Left} />
      <button type="button" onClick={data.onOpen} className="nodrag">
        <b>{data.count}</b> {data.label}
      </button>
      <Handle type="source" position={Position.Right} />
    </div>
  );
});

const nodeTypes = { asset: AssetBox, group: GroupBox };

export function nodeHeight(columns: number): number {
  return NODE_HEIGHT + Math.min(columns, 6) * COLUMN_LINE;
}

export function LineageCanvas(props: {
  view: View;
  positions: Record<string, { x: number; y: number }>;
  columnsOf: ReadonlyMap<string, string[]> | null;
  onOpenGroup: (key: string) => void;
}) {
  const { view, positions, columnsOf, onOpenGroup } = props;
  const nodes = useMemo<Node[]>(
    () =>
      view.nodes.map((n) =>
        n.type === "asset"
          ? {
              id: n.id,
              type: "asset",
              position: positions[n.id] ?? { x: 0, y: 0 },
              data: { asset: n.asset, columns: (columnsOf?.get(n.id) ?? []).slice(0, 6), highlighted: columnsOf?.has(n.id) ?? false, dimmed: columnsOf !== null && !columnsOf.has(n.id) },
              draggable: false,
            }
          : { id: n.id, type: "group", position: positions[n.id] ?? { x: 0, y: 0 }, data: { label: n.label, count: n.count, onOpen: () => onOpenGroup(n.key) }, draggable: false },
      ),
    [view, positions, columnsOf, onOpenGroup],
  );
  const edges = useMemo<Edge[]>(
    () =>
      view.edges.map((e) => {
        const lit = columnsOf !== null && columnsOf.has(e.source) && columnsOf.has(e.target);
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
    [view, columnsOf],
  );
  return (
    <div className="lineage-canvas" data-testid="lineage-canvas">
      <ReactFlow nodes={nodes} edges={edges} nodeTypes={nodeTypes} fitView minZoom={0.05} onlyRenderVisibleElements={nodes.length > 150} nodesConnectable={false}>
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
