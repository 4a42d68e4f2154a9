/**
 * One project's health (lazy-loaded, /projects/<name>?window=&layer=): run success rate, mean
 * time to recovery, SLA compliance, test pass rate, documentation coverage and the quality
 * score over the last day, 7 days or 30 days, each with its trend (Health.trend: per hour for
 * a day, per day otherwise) drawn as a small line.
 */
import { useQuery } from "urql";
import { Link, useLocation, useSearch } from "wouter";
import { Sparkline } from "../components/Sparkline";
import { graphql, type ResultOf, type VariablesOf } from "../graphql";
import { errorMessage } from "../lib/client";
import { count, minutes, percent, trendWord } from "../lib/format";
import { conflictsPath, withParam } from "../lib/links";

const HealthQuery = graphql(`
  query ProjectHealth($project: String!, $window: HealthWindow!, $layer: Layer) {
    project(name: $project) {
      id name
      health(window: $window, layer: $layer) {
        from to runs failedRuns recoveries testResults
        successRate meanTimeToRecoveryMinutes slaCompliance testPassRate documentationCoverage qualityScore
        trend { from to successRate meanTimeToRecoveryMinutes slaCompliance testPassRate documentationCoverage qualityScore }
      }
    }
    definitionConflicts(project: $project, first: 0) { totalCount }
  }
`);

type Window = VariablesOf<typeof HealthQuery>["window"];
type Layer = NonNullable<VariablesOf<typeof HealthQuery>["layer"]>;
type Health = NonNullable<ResultOf<typeof HealthQuery>["project"]>["health"];
type Point = Health["trend"][number];

const WINDOWS: { value: Window; label: string }[] = [
  { value: "DAY", label: "last day" },
  { value: "WEEK", label: "last 7 days" },
  { value: "MONTH", label: "last 30 days" },
];
const LAYERS: Layer[] = ["STAGING", "INTERMEDIATE", "MART", "OTHER"];

/** The measures shown, how each reads, and which way is better. */
const MEASURES: { key: Exclude<keyof Point, "from" | "to">; label: string; show: (v: number | null) => string; share: boolean; higherIsBetter: boolean }[] = [
  { key: "successRate", label: "Run success rate", show: percent, share: true, higherIsBetter: true },
  { key: "meanTimeToRecoveryMinutes", label: "Mean time to recovery", show: minutes, share: false, higherIsBetter: false },
  { key: "slaCompliance", label: "Freshness SLA compliance", show: percent, share: true, higherIsBetter: true },
  { key: "testPassRate", label: "Test pass rate", show: percent, share: true, higherIsBetter: true },
  { key: "documentationCoverage", label: "Documentation coverage", show: percent, share: true, higherIsBetter: true },
  { key: "qualityScore", label: "Quality score", show: (v) => (v === null ? "—" : `${v.toFixed(1)} / 100`), share: false, higherIsBetter: true },
];

export default function ProjectPage({ name }: { name: string }) {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const window = WINDOWS.find((w) => w.value === params.get("window"))?.value ?? "WEEK";
  const layer = LAYERS.find((l) => l === params.get("layer")) ?? null;
  const [{ data, error, fetching }] = useQuery({ query: HealthQuery, variables: { project: name, window, layer } });
  const setParam = (key: string, value: string) => navigate(`${location}?${withParam(search, key, value)}`, { replace: true });
  if (error) return <p role="alert" className="error">{errorMessage(error)}</p>;
  if (!data) return <p className="loading">Loading…</p>;
  const project = data.project;
  if (!project) return <><h1>Not found</h1><p>No project <b>{name}</b>. <Link href="/projects">All projects</Link></p></>;
  const health = project.health;
  return (
    <article className="project-page">
      <p><Link href="/projects">Projects</Link></p>
      <h1>{project.name}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>Window <select value={window} onChange={(e) => setParam("window", e.target.value === "WEEK" ? "" : e.target.value)}>{WINDOWS.map((w) => <option key={w.value} value={w.value}>{w.label}</option>)}</select></label>
        <label>Layer <select value={layer ?? ""} onChange={(e) => setParam("layer", e.target.value)}><option value="">all</option>{LAYERS.map((l) => <option key={l} value={l}>{l.toLowerCase()}</option>)}</select></label>
        {fetching ? <span className="muted" role="status">Updating…</span> : null}
      </form>
      <section aria-labelledby="health-h">
        <h2 id="health-h">Health, {WINDOWS.find((w) => w.value === window)!.label}{layer ? `, ${layer.toLowerCase()} layer` : ""}</h2>
        <p className="muted">
          {new Date(health.from).toLocaleString()} to {new Date(health.to).toLocaleString()}: {count(health.runs)} runs, {count(health.failedRuns)} failed, {count(health.recoveries)} recovered, {count(health.testResults)} test results.
          The trend has one point per {window === "DAY" ? "hour" : "day"}.
        </p>
        <table className="health" data-testid="health">
          <thead><tr><th scope="col">Measure</th><th scope="col">Value</th><th scope="col">Trend</th><th scope="col">Direction</th></tr></thead>
          <tbody>
            {MEASURES.map((m) => {
              const values = health.trend.map((p) => p[m.key] as number | null);
              const direction = trendWord(values, m.higherIsBetter);
              return (
                <tr key={m.key} data-measure={m.key}>
                  <th scope="row">{m.label}</th>
                  <td>{m.show(health[m.key] as number | null)}</td>
                  <td><Sparkline values={values} share={m.share} label={`${m.label} trend: ${values.filter((v) => v !== null).length} points`} /></td>
                  <td className={direction.className}>{direction.word}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="muted">The quality score combines the other measures (docs/trust-signals.md).</p>
      </section>
      {data.definitionConflicts.totalCount ? (
        <p className="verdict">{data.definitionConflicts.totalCount} business concept{data.definitionConflicts.totalCount === 1 ? " is" : "s are"} defined differently in this project: <Link href={`${conflictsPath()}?project=${encodeURIComponent(name)}`}>compare the definitions</Link>.</p>
      ) : null}
    </article>
  );
}
