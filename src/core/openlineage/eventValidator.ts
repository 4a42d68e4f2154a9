/**
 * Validates OpenLineage events against the spec's JSON Schemas (core 2-0-2 and the facets bundled,
 * see facetSchemas.ts and docs/openlineage.md), with Ajv: the event's own definition (RunEvent, DatasetEvent, JobEvent) first, then each
 * facets object against the schema of every facet that may appear there. An event that fails
 * is refused whole, with the JSON pointer of the first failing value.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import core from "./spec/OpenLineage.json" with { type: "json" };
import { bundledFacets, type FacetPlace } from "./facetSchemas.js";
import { applyLeniencies, type Leniency } from "./leniencies.js";
import type { OpenLineageEvent, OpenLineageEventKind } from "./types.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export type Validation =
  | { ok: true; kind: OpenLineageEventKind; event: OpenLineageEvent; leniencies: Leniency[] }
  | { ok: false; status: 400 | 422; pointer: string; message: string };

const CORE_ID = core.$id;

export class EventValidator {
  private readonly events: Record<OpenLineageEventKind, ValidateFunction>;
  private readonly facets = new Map<FacetPlace, ValidateFunction[]>();

  constructor() {
    // strict off: the spec's schemas carry annotations Ajv does not know (`example`, `deprecated` is known).
    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: false }));
    ajv.addSchema(core);
    this.events = {
      RUN: ajv.getSchema(`${CORE_ID}#/$defs/RunEvent`)!,
      DATASET: ajv.getSchema(`${CORE_ID}#/$defs/DatasetEvent`)!,
      JOB: ajv.getSchema(`${CORE_ID}#/$defs/JobEvent`)!,
    };
    for (const { place, schema } of bundledFacets) {
      const list = this.facets.get(place) ?? [];
      list.push(ajv.compile(schema));
      this.facets.set(place, list);
    }
  }

  validate(value: unknown): Validation {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return { ok: false, status: 400, pointer: "", message: "An OpenLineage event is a JSON object" };
    }
    const { value: event, leniencies } = applyLeniencies(value as Record<string, unknown>);
    const kind = kindOf(event);
    const coreCheck = this.events[kind];
    if (!coreCheck(event)) return refusal(coreCheck.errors, "", kind);
    for (const [pointer, place, facets] of facetObjects(event as unknown as OpenLineageEvent, kind)) {
      const present = Object.fromEntries(Object.entries(facets).filter(([, facet]) => !isDeletion(facet)));
      for (const check of this.facets.get(place) ?? []) {
        if (!check(present)) return refusal(check.errors, pointer, kind);
      }
    }
    return { ok: true, kind, event: event as unknown as OpenLineageEvent, leniencies };
  }
}

/** The spec tells the three events apart by shape: a run makes a RunEvent, a dataset a DatasetEvent. */
function kindOf(event: Record<string, unknown>): OpenLineageEventKind {
  if ("run" in event || "eventType" in event) return "RUN";
  if ("dataset" in event) return "DATASET";
  return "JOB";
}

/** A facet sent to delete the one stored: only the base facet's fields count. */
export function isDeletion(facet: unknown): boolean {
  return typeof facet === "object" && facet !== null && (facet as { _deleted?: unknown })._deleted === true;
}

function facetObjects(event: OpenLineageEvent, kind: OpenLineageEventKind): [string, FacetPlace, Record<string, unknown>][] {
  const found: [string, FacetPlace, Record<string, unknown>][] = [];
  if (kind === "RUN" && event.run?.facets) found.push(["/run/facets", "RunFacet", event.run.facets]);
  if (event.job?.facets) found.push(["/job/facets", "JobFacet", event.job.facets]);
  if (event.dataset?.facets) found.push(["/dataset/facets", "DatasetFacet", event.dataset.facets]);
  (event.inputs ?? []).forEach((dataset, i) => {
    if (dataset.facets) found.push([`/inputs/${i}/facets`, "DatasetFacet", dataset.facets]);
    if (dataset.inputFacets) found.push([`/inputs/${i}/inputFacets`, "InputDatasetFacet", dataset.inputFacets]);
  });
  (event.outputs ?? []).forEach((dataset, i) => {
    if (dataset.facets) found.push([`/outputs/${i}/facets`, "DatasetFacet", dataset.facets]);
    if (dataset.outputFacets) found.push([`/outputs/${i}/outputFacets`, "OutputDatasetFacet", dataset.outputFacets]);
  });
  return found;
}

function refusal(errors: ErrorObject[] | null | undefined, prefix: string, kind: OpenLineageEventKind): Validation {
  const error = errors?.[0];
  if (!error) return { ok: false, status: 422, pointer: prefix, message: "The event does not match the OpenLineage schema" };
  const missing = error.keyword === "required" ? `/${escapePointer(String(error.params.missingProperty))}` : "";
  const pointer = `${prefix}${error.instancePath}${missing}`;
  const what = missing ? `is required` : (error.message ?? "is invalid");
  const allowed = error.keyword === "enum" ? `: one of ${(error.params.allowedValues as string[]).join(", ")}` : "";
  return { ok: false, status: 422, pointer, message: `${pointer || "the event"} ${what}${allowed} (OpenLineage ${kind === "RUN" ? "RunEvent" : kind === "DATASET" ? "DatasetEvent" : "JobEvent"} 2-0-2)` };
}

function escapePointer(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}
