/**
 * DESIGN.md's layer rule, configurable per tenant: an explicit `meta.layer` wins, else the
 * model's folder, else its name prefix; a model that matches nothing falls into `otherwise`
 * (MART by default: anything that is neither staging nor intermediate faces the business).
 */
import { z } from "zod";
import { LAYERS, type Layer } from "./snapshot.js";

const layerMatchSchema = z.object({
  /** Directory names (any level of the file path, the deepest wins), matched case-insensitively. */
  folders: z.array(z.string().min(1)),
  /** Model name prefixes, matched case-insensitively; the longest match wins. */
  prefixes: z.array(z.string().min(1)),
});

export const layerRulesSchema = z.object({
  /** The meta key that states a layer explicitly (in `meta` or `config.meta`). */
  metaKey: z.string().min(1).default("layer"),
  staging: layerMatchSchema.default({ folders: ["staging"], prefixes: ["stg_", "base_"] }),
  intermediate: layerMatchSchema.default({ folders: ["intermediate"], prefixes: ["int_"] }),
  mart: layerMatchSchema.default({ folders: ["marts"], prefixes: ["fct_", "dim_", "mart_", "rpt_"] }),
  other: layerMatchSchema.default({ folders: [], prefixes: [] }),
  /** The layer of a model no rule matched. */
  otherwise: z.enum(LAYERS).default("MART"),
});

export type LayerRules = z.infer<typeof layerRulesSchema>;
export type LayerRulesInput = z.input<typeof layerRulesSchema>;

export const DEFAULT_LAYER_RULES: LayerRules = layerRulesSchema.parse({});

const LAYER_KEYS = { STAGING: "staging", INTERMEDIATE: "intermediate", MART: "mart", OTHER: "other" } as const;

export interface LayerSubject {
  name: string;
  /** Path of the defining file relative to the project root, e.g. `models/staging/stg_x.sql`. */
  filePath: string | null;
  /** The value of the explicit meta key, when the asset states one. */
  explicit: unknown;
}

export type LayerDecision = { layer: Layer; unknownExplicit?: string };

export function classifyLayer(subject: LayerSubject, rules: LayerRules): LayerDecision {
  const explicit = explicitLayer(subject.explicit, rules);
  if (explicit !== null) return { layer: explicit };
  const decided = layerFromFolder(subject.filePath, rules) ?? layerFromPrefix(subject.name, rules) ?? rules.otherwise;
  const stated = subject.explicit;
  if (stated === undefined || stated === null || stated === "") return { layer: decided };
  return { layer: decided, unknownExplicit: typeof stated === "string" ? stated : JSON.stringify(stated) };
}

/** Accepts a layer's name (`staging`, `MART`, …) or one of its folder names (`marts`). */
export function explicitLayer(value: unknown, rules: LayerRules): Layer | null {
  if (typeof value !== "string") return null;
  const wanted = value.trim().toLowerCase();
  for (const layer of LAYERS) {
    if (wanted === layer.toLowerCase()) return layer;
    if (rules[LAYER_KEYS[layer]].folders.some((folder) => folder.toLowerCase() === wanted)) return layer;
  }
  return null;
}

function layerFromFolder(filePath: string | null, rules: LayerRules): Layer | null {
  if (filePath === null) return null;
  const directories = filePath.split(/[\\/]/).slice(0, -1).reverse();
  for (const directory of directories) {
    const name = directory.toLowerCase();
    const layer = LAYERS.find((l) => rules[LAYER_KEYS[l]].folders.some((folder) => folder.toLowerCase() === name));
    if (layer !== undefined) return layer;
  }
  return null;
}

function layerFromPrefix(name: string, rules: LayerRules): Layer | null {
  const lowered = name.toLowerCase();
  let best: { layer: Layer; length: number } | null = null;
  for (const layer of LAYERS) {
    for (const prefix of rules[LAYER_KEYS[layer]].prefixes) {
      if (lowered.startsWith(prefix.toLowerCase()) && (best === null || prefix.length > best.length)) {
        best = { layer, length: prefix.length };
      }
    }
  }
  return best?.layer ?? null;
}
