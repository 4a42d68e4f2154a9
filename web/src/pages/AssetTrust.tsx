/**
 * Whether an asset can be used right now: its freshness against its SLA (and since when), its
 * last production runs, and the anomalies found in its metrics, which its owners (or an ADMIN)
 * acknowledge or dismiss here.
 */
import { lazy, Suspense, useState } from "react";
import { useMutation, useQuery } from "urql";
import { graphql, readFragment, type ResultOf } from "../graphql";
import { errorMessage } from "../lib/client";
import { count, dateTime, duration, minutes } from "../lib/format";
import { useViewer, type Viewer } from "../lib/viewer";
import type { ChartedSeries } from "./MetricSeriesCharts";

const RUNS = 10;
const ANOMALIES = 20;
/** Charts of the series behind the anomalies listed: the newest anomalies' first few series. */
const CHARTS = 3;

// Its own chunk: only pages with anomalies load it.
const MetricSeriesCharts = lazy(() => import("./MetricSeriesCharts"));

const AnomalyFields = graphql(`
  fragment AnomalyFields on Anomaly {
    id metric at actual mean zScore threshold status comment decidedAt decidedBy dimensions
    expectedRange { lower upper }
    baselineWindow { from to points seasonality }
  }
`);

const AssetTrustQuery = graphql(
  `
  query AssetTrust($assetId: ID!, $runs: Int!, $anomalies: Int!) {
    node(id: $assetId) {
      ... on Asset {
        id
        freshness { state since lastLoadedAt sla { lateAfterMinutes staleAfterMinutes origin } }
        runs(first: $runs) { totalCount nodes { status source startedAt completedAt durationMs rowsAffected maxLoadedAt message } }
        anomalies(first: $anomalies) { totalCount nodes { ...AnomalyFields } }
      }
    }
  }
`,
  [AnomalyFields],
);

const AcknowledgeMutation = graphql(
  `mutation AcknowledgeAnomaly($input: DecideAnomalyInput!) { acknowledgeAnomaly(input: $input) { anomaly { ...AnomalyFields } } }`,
  [AnomalyFields],
);
const DismissMutation = graphql(
  `mutation DismissAnomaly($input: DecideAnomalyInput!) { dismissAnomaly(input: $input) { anomaly { ...AnomalyFields } } }`,
  [AnomalyFields],
);

type Trust = Extract<NonNullable<ResultOf<typeof AssetTrustQuery>["node"]>, { freshness: unknown }>;
type Anomaly = ResultOf<typeof AnomalyFields>;

/** The API's rule (services/anomalies/assetOwnership.ts): an ADMIN, or an OWNER token acting for an owner of the asset. */
export function canDecideAnomalies(viewer: Viewer | null, owners: readonly { id: string }[]): boolean {
  if (!viewer) return false;
  if (viewer.role === "ADMIN") return true;
  return viewer.role === "OWNER" && viewer.owner !== null && owners.some((o) => o.id === viewer.owner?.id);
}

export function AssetTrust({ assetId, owners }: { assetId: string; owners: readonly { id: string }[] }) {
  const [{ data, error }] = useQuery({ query: AssetTrustQuery, variables: { assetId, runs: RUNS, anomalies: ANOMALIES } });
  const trust = data?.node && "freshness" in data.node ? data.node : null;
  if (error) return <p role="alert" className="error">{errorMessage(error)}</p>;
  if (!trust) return null;
  return (
    <>
      <Freshness freshness={trust.freshness} />
      <Runs runs={trust.runs} />
      <Anomalies assetId={assetId} anomalies={trust.anomalies} owners={owners} />
    </>
  );
}

const SLA_ORIGIN: Record<string, string> = {
  ASSET: "set for this asset",
  META: "from its meta.freshness_sla",
  DBT: "from dbt's source freshness",
  PROJECT: "the project's default for its layer",
  TENANT: "the tenant's default for its layer",
  DEFAULT: "the default for its layer",
};

function Freshness({ freshness }: { freshness: Trust["freshness"] }) {
  const { state, since, lastLoadedAt, sla } = freshness;
  if (state === "UNKNOWN" && !sla && !lastLoadedAt) {
    return (
      <section aria-labelledby="freshness-h">
        <h2 id="freshness-h">Freshness</h2>
        <p className="muted" data-testid="freshness">Not tracked: no freshness SLA applies to it and no load was seen.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="freshness-h">
      <h2 id="freshness-h">Freshness</h2>
      <p className="facts" data-testid="freshness">
        <span className={`badge fresh-${state.toLowerCase()}`}>{state.toLowerCase()}</span>
        {since && state !== "UNKNOWN" ? <span>since {dateTime(since)}</span> : null}
        <span>last load {dateTime(lastLoadedAt)}</span>
      </p>
      {sla ? (
        <p>
          SLA: late after {minutes(sla.lateAfterMinutes)} without new data, stale after {minutes(sla.staleAfterMinutes)}{" "}
          <span className="muted">({SLA_ORIGIN[sla.origin] ?? sla.origin.toLowerCase()})</span>
        </p>
      ) : (
        <p className="muted">No freshness SLA applies to it.</p>
      )}
    </section>
  );
}

function Runs({ runs }: { runs: Trust["runs"] }) {
  return (
    <section aria-labelledby="runs-h">
      <h2 id="runs-h">Runs ({runs.totalCount})</h2>
      {runs.nodes.length === 0 ? (
        <p className="muted">No production run was posted for it.</p>
      ) : (
        <table className="runs">
          <thead>
            <tr><th scope="col">Finished</th><th scope="col">Status</th><th scope="col">Duration</th><th scope="col">Rows</th><th scope="col">Reported by</th><th scope="col">Note</th></tr>
          </thead>
          <tbody>
            {runs.nodes.map((run, i) => (
              <tr key={`${run.completedAt}-${i}`}>
                <td>{dateTime(run.completedAt)}</td>
                <td><span className={`badge test-${run.status.toLowerCase()}`}>{run.status.toLowerCase()}</span></td>
                <td>{duration(run.durationMs)}</td>
                <td>{count(run.rowsAffected)}</td>
                <td>{run.source === "OPENLINEAGE" ? "OpenLineage" : "dbt"}</td>
                <td>{run.maxLoadedAt ? `newest row loaded ${dateTime(run.maxLoadedAt)}` : (run.message ?? "")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {runs.totalCount > runs.nodes.length ? <p className="muted">The last {runs.nodes.length} of {runs.totalCount}.</p> : null}
    </section>
  );
}

/** The distinct series of the anomalies (newest first, as listed), each with its newest anomaly's time. */
function seriesOf(list: readonly Anomaly[]): ChartedSeries[] {
  const series = new Map<string, ChartedSeries>();
  for (const anomaly of list) {
    const dimensions = (anomaly.dimensions ?? {}) as Record<string, unknown>;
    const key = `${anomaly.metric} ${JSON.stringify(Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)))}`;
    if (!series.has(key)) series.set(key, { metric: anomaly.metric, dimensions, newestAnomalyAt: anomaly.at });
  }
  return [...series.values()].slice(0, CHARTS);
}

function Anomalies({ assetId, anomalies, owners }: { assetId: string; anomalies: Trust["anomalies"]; owners: readonly { id: string }[] }) {
  const viewer = useViewer();
  const mayDecide = canDecideAnomalies(viewer, owners);
  const list = anomalies.nodes.map((a) => readFragment(AnomalyFields, a));
  return (
    <section aria-labelledby="anomalies-h">
      <h2 id="anomalies-h">Anomalies ({anomalies.totalCount})</h2>
      {list.length === 0 ? <p className="muted">No metric of this asset left its expected range.</p> : null}
      {list.length > 0 ? (
        <Suspense fallback={null}>
          <MetricSeriesCharts assetId={assetId} series={seriesOf(list)} />
        </Suspense>
      ) : null}
      <ul className="anomalies">
        {list.map((anomaly) => <AnomalyItem key={anomaly.id} anomaly={anomaly} mayDecide={mayDecide} />)}
      </ul>
    </section>
  );
}

const round = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3));

function AnomalyItem({ anomaly, mayDecide }: { anomaly: Anomaly; mayDecide: boolean }) {
  const [acknowledged, acknowledge] = useMutation(AcknowledgeMutation);
  const [dismissed, dismiss] = useMutation(DismissMutation);
  const [comment, setComment] = useState("");
  const decided = acknowledged.data?.acknowledgeAnomaly.anomaly ?? dismissed.data?.dismissAnomaly.anomaly;
  const current = decided ? readFragment(AnomalyFields, decided) : anomaly;
  const error = acknowledged.error ?? dismissed.error;
  const busy = acknowledged.fetching || dismissed.fetching;
  const dimensions = Object.entries((current.dimensions ?? {}) as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`);
  const input = () => ({ input: { id: current.id, comment: comment.trim() || null } });
  return (
    <li className="anomaly" data-testid="anomaly" data-status={current.status}>
      <p>
        <b>{current.metric}</b>{dimensions.length ? ` (${dimensions.join(", ")})` : ""} on {new Date(current.at).toLocaleDateString()}:{" "}
        <b>{round(current.actual)}</b>, expected {round(current.expectedRange.lower)} to {round(current.expectedRange.upper)}{" "}
        <span className="muted">(z = {current.zScore.toFixed(1)}, threshold {current.threshold}; baseline of {current.baselineWindow.points} points {new Date(current.baselineWindow.from).toLocaleDateString()}–{new Date(current.baselineWindow.to).toLocaleDateString()}{current.baselineWindow.seasonality === "NONE" ? "" : `, ${current.baselineWindow.seasonality.toLowerCase().replace(/_/g, " ")}`})</span>{" "}
        <span className={`badge anomaly-${current.status.toLowerCase()}`}>{current.status.toLowerCase()}</span>
      </p>
      {current.decidedBy ? <p className="muted">{current.status.toLowerCase()} by {current.decidedBy} {dateTime(current.decidedAt)}{current.comment ? `: “${current.comment}”` : ""}</p> : null}
      {mayDecide && current.status !== "DISMISSED" ? (
        <form className="decide-anomaly" onSubmit={(e) => e.preventDefault()}>
          <label>
            Comment <input value={comment} onChange={(e) => setComment(e.target.value)} />
          </label>
          {current.status === "OPEN" ? <button type="button" disabled={busy} onClick={() => acknowledge(input())}>Acknowledge</button> : null}
          <button type="button" disabled={busy} onClick={() => dismiss(input())}>Dismiss</button>
        </form>
      ) : null}
      {error ? <p role="alert" className="error">{errorMessage(error)}</p> : null}
    </li>
  );
}
