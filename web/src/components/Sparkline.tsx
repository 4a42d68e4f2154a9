/**
 * A small inline trend line (SVG, no charting library): the points with a value, in order,
 * scaled between the series' own low and high (or 0..1 for shares). Points without a value
 * leave a gap in time, not a drop to zero.
 */
export function Sparkline({ values, label, share = false, width = 120, height = 28 }: { values: (number | null)[]; label: string; share?: boolean; width?: number; height?: number }) {
  const known = values.map((v, i) => ({ v, i })).filter((p): p is { v: number; i: number } => p.v !== null);
  if (known.length === 0) return <span className="muted sparkline-empty">no data</span>;
  const low = share ? 0 : Math.min(...known.map((p) => p.v));
  const high = share ? 1 : Math.max(...known.map((p) => p.v));
  const span = high - low || 1;
  const x = (i: number) => (values.length === 1 ? width / 2 : (i / (values.length - 1)) * (width - 4) + 2);
  const y = (v: number) => height - 2 - ((v - low) / span) * (height - 4);
  const points = known.map((p) => `${x(p.i).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ");
  const last = known[known.length - 1]!;
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <title>{label}</title>
      {known.length > 1 ? <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" /> : null}
      <circle cx={x(last.i)} cy={y(last.v)} r="2.5" fill="currentColor" />
    </svg>
  );
}
