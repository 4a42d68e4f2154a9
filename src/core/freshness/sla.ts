/**
 * Which freshness SLA an asset has, most specific first: set on the asset through the API, its
 * `meta.freshness_sla`, dbt's own source freshness (warn_after / error_after), its project's
 * default for its layer, the tenant's, Tributary's. Assets of no freshness layer (seeds,
 * exposures, models of layer OTHER) have none unless one of the first three gives them one.
 */
import { parseMinutes } from "./duration.js";
import { DEFAULT_LAYER_SLA_MINUTES, type FreshnessLayer, type FreshnessSettings } from "./settings.js";

/** The documented meta key (docs/trust-signals.md). */
export const FRESHNESS_META_KEY = "freshness_sla";

export const SLA_ORIGINS = ["ASSET", "META", "DBT", "PROJECT", "TENANT", "DEFAULT"] as const;
export type SlaOrigin = (typeof SLA_ORIGINS)[number];

export interface FreshnessSla {
  /** LATE after this many minutes without new data. */
  lateAfterMinutes: number;
  /** STALE after this many. */
  staleAfterMinutes: number;
  origin: SlaOrigin;
}

export interface SlaSubject {
  kind: string;
  layer: string | null;
  meta: unknown;
  project: string;
  /** Set through the API. */
  slaMinutes: number | null;
  dbtWarnMinutes: number | null;
  dbtErrorMinutes: number | null;
}

export function freshnessLayerOf(kind: string, layer: string | null): FreshnessLayer | null {
  if (kind === "SOURCE") return "source";
  if (kind !== "MODEL") return null;
  if (layer === "STAGING") return "staging";
  if (layer === "INTERMEDIATE") return "intermediate";
  if (layer === "MART") return "mart";
  return null;
}

export function metaSlaMinutes(meta: unknown): number | null {
  return meta && typeof meta === "object" ? parseMinutes((meta as Record<string, unknown>)[FRESHNESS_META_KEY]) : null;
}

export function resolveSla(subject: SlaSubject, settings: FreshnessSettings): FreshnessSla | null {
  const stale = (late: number, origin: SlaOrigin): FreshnessSla => ({ lateAfterMinutes: late, staleAfterMinutes: Math.round(late * settings.staleAfterFactor), origin });
  if (subject.slaMinutes) return stale(subject.slaMinutes, "ASSET");
  const meta = metaSlaMinutes(subject.meta);
  if (meta) return stale(meta, "META");
  if (subject.dbtWarnMinutes || subject.dbtErrorMinutes) {
    const late = subject.dbtWarnMinutes ?? subject.dbtErrorMinutes!;
    return { lateAfterMinutes: late, staleAfterMinutes: Math.max(late, subject.dbtErrorMinutes ?? Math.round(late * settings.staleAfterFactor)), origin: "DBT" };
  }
  const layer = freshnessLayerOf(subject.kind, subject.layer);
  if (layer === null) return null;
  const project = settings.projects[subject.project]?.[layer];
  if (project) return stale(project, "PROJECT");
  const tenant = settings.layers[layer];
  if (tenant) return stale(tenant, "TENANT");
  return stale(DEFAULT_LAYER_SLA_MINUTES[layer], "DEFAULT");
}
