/**
 * The series behind an asset's anomalies, each drawn as a small inline SVG (no charting
 * library): its values over a window, the expected band detection compared them with, and the
 * anomalies marked. Loaded only on an asset page that has anomalies.
 */
import { useMemo } from "react";
import { useQuery } from "urql";
import { graphql } from "../graphql";
import { errorMessage } from "../lib/client";
import { seriesGeometry, seriesWindow, type SeriesPoint } from "../lib/seriesChart";

const SeriesQuery = graphql(`
  query MetricSeriesChart($assetId: ID!, $name: String!, $dimensions: JSON!, $from: DateTime!, $to: DateTime!) {
    node(id: $assetId) {
      ... on Asset {
        id
        metricSeries(name: $name, dimensions: $dimensions) {
          metric dimensions
          history(from: $from, to: $to) {
            from to
            settings { window threshold }
            points { at value excluded expectedRange { lower upper } anomaly { id status } }
          }
        }
      }
    }
  }
`);

export interface ChartedSeries {
  metric: string;
  dimensions: Record<string, unknown>;
  /** The newest anomaly's time: the window is placed around it when it is old. */
  newestAnomalyAt: string;
}

const WIDTH = 360;
const HEIGHT = 80;

export default function MetricSeriesCharts({ assetId, series }: { assetId: string; series: readonly ChartedSeries[] }) {
  return (
    <div className="series-charts">
      {series.map((s) => <SeriesChart key={`${s.metric} ${JSON.stringify(s.dimensions)}`} assetId={assetId} series={s} />)}
    </div>
  );
}

const dimensionWords = (dimensions: Record<string, unknown>) => Object.entries(dimensions).map(([k, v]) => `${k}=${String(v)}`).join(", ");
const round = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3));

function SeriesChart({ assetId, series }: { assetId: string; series: ChartedSeries }) {
  // One window per mount: a moving `now` would ask again at every render.
  const span = useMemo(() => seriesWindow(series.newestAnomalyAt, new Date()), [series.newestAnomalyAt]);
  const [{ data, error }] = useQuery({ query: SeriesQuery, variables: { assetId, name: series.metric, dimensions: series.dimensions, ...span } });
  const history = data?.node && "metricSeries" in data.node ? data.node.metricSeries[0]?.history : undefined;
  const points: SeriesPoint[] = history?.points ?? [];
  const geometry = useMemo(() => seriesGeometry(points, WIDTH, HEIGHT), [points]);
  const dims = dimensionWords(series.dimensions);
  const title = `${series.metric}${dims ? ` (${dims})` : ""}`;
  if (error) return <p role="alert" className="error">{errorMessage(error)}</p>;
  if (!history) return null;
  const anomalies = geometry.points.filter((p) => p.anomaly);
  const label = `${title}: ${points.length} points from ${new Date(history.from).toLocaleDateString()} to ${new Date(history.to).toLocaleDateString()}, ${anomalies.length} ${anomalies.length === 1 ? "anomaly" : "anomalies"}; the band is the expected range (mean ± ${history.settings.threshold} standard deviations of the ${history.settings.window} points before)`;
  return (
    <figure className="series-chart" data-testid="metric-series" data-metric={series.metric}>
      <figcaption><b>{title}</b> <span className="muted">— shaded: the expected range; red: anomalies</span></figcaption>
      {points.length === 0 ? (
        <p className="muted">No point in this window.</p>
      ) : (
        <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
          <title>{label}</title>
          {geometry.bands.map((band, i) => <polygon key={i} className="band" points={band} />)}
          {geometry.points.length > 1 ? <polyline className="line" points={geometry.line} fill="none" /> : null}
          {geometry.points.map((p) => (
            <circle key={p.at} cx={p.x} cy={p.y} r={p.anomaly ? 4 : 2} className={p.anomaly ? `point anomaly-point ${p.anomaly.toLowerCase()}` : p.excluded ? "point excluded" : "point"} data-anomaly={p.anomaly ?? undefined}>
              <title>{`${new Date(p.at).toLocaleDateString()}: ${round(p.value)}${p.anomaly ? ` — anomaly (${p.anomaly.toLowerCase()})` : ""}${p.excluded ? " — dismissed, left out of baselines" : ""}`}</title>
            </circle>
          ))}
        </svg>
      )}
    </figure>
  );
}
