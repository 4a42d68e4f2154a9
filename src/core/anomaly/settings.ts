/** Detection parameters: defaults, their validation, and how tenant, metric and series levels combine. */
import { z } from "zod";

export const SEASONALITIES = ["NONE", "DAY_OF_WEEK"] as const;
export type Seasonality = (typeof SEASONALITIES)[number];

export interface DetectionSettings {
  /** How many preceding points make the baseline (N). */
  window: number;
  /** The z-score above which a point is an anomaly. */
  threshold: number;
  seasonality: Seasonality;
}

export const DEFAULT_DETECTION: DetectionSettings = { window: 7, threshold: 2.5, seasonality: "NONE" };

/** A sample standard deviation needs two points; a year of daily points is the longest baseline. */
export const MAX_WINDOW = 366;

/** One level's settings: what it leaves out (or sets to null) it inherits. */
export const detectionOverrides = z.strictObject({
  window: z.int().min(2, "window must be at least 2 points").max(MAX_WINDOW, `window must be at most ${MAX_WINDOW} points`).nullish(),
  threshold: z.number().positive("threshold must be above 0").max(100, "threshold must be at most 100").nullish(),
  seasonality: z.enum(SEASONALITIES).nullish(),
});

export type DetectionOverrides = z.infer<typeof detectionOverrides>;

/** The most specific level that sets a parameter wins: series, then metric, then tenant, then the defaults. */
export function resolveDetection(...levels: (DetectionOverrides | null | undefined)[]): DetectionSettings {
  const settings = { ...DEFAULT_DETECTION };
  for (const level of levels) {
    if (!level) continue;
    if (level.window != null) settings.window = level.window;
    if (level.threshold != null) settings.threshold = level.threshold;
    if (level.seasonality != null) settings.seasonality = level.seasonality;
  }
  return settings;
}

/** The tenant's level, kept under `anomalies` in the tenant's settings; unreadable settings count as none. */
export function tenantDetectionOf(settings: unknown): DetectionOverrides {
  const stored = settings && typeof settings === "object" ? (settings as Record<string, unknown>).anomalies : undefined;
  const parsed = detectionOverrides.safeParse(stored ?? {});
  return parsed.success ? parsed.data : {};
}
