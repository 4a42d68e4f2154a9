/**
 * A tenant's freshness settings (stored in its settings, always parsed with this schema):
 * SLA defaults per layer, their overrides per project, how much later than the SLA data counts
 * as stale, and how often a breach that lasts is reminded of.
 */
import { z } from "zod";

export const FRESHNESS_LAYERS = ["source", "staging", "intermediate", "mart"] as const;
export type FreshnessLayer = (typeof FRESHNESS_LAYERS)[number];

/** The standards teams write down: raw 15 min, staging 1 h, curated 4 h, marts 6 h. */
export const DEFAULT_LAYER_SLA_MINUTES: Readonly<Record<FreshnessLayer, number>> = { source: 15, staging: 60, intermediate: 240, mart: 360 };

const minutes = z.int().positive().max(525_600);
const layerMinutes = z.object({ source: minutes, staging: minutes, intermediate: minutes, mart: minutes }).partial();

export const freshnessSettingsSchema = z.object({
  layers: layerMinutes.default({}),
  /** Per project name, per layer. */
  projects: z.record(z.string().min(1).max(128), layerMinutes).default({}),
  /** LATE past the SLA; STALE past this many times the SLA (unless dbt's error_after says otherwise). */
  staleAfterFactor: z.number().min(1).max(100).default(2),
  /** A breach that lasts is reminded of this often; null: one alert per breach and no reminder. */
  reminderMinutes: minutes.nullable().default(240),
});

export type FreshnessSettings = z.output<typeof freshnessSettingsSchema>;

/** Stored settings → valid ones; anything unreadable falls back to the defaults (never trusted raw). */
export function freshnessSettingsOf(tenantSettings: unknown): FreshnessSettings {
  const raw = tenantSettings && typeof tenantSettings === "object" ? (tenantSettings as Record<string, unknown>).freshness : undefined;
  const parsed = freshnessSettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : freshnessSettingsSchema.parse({});
}
