/**
 * The shape of a valid OpenLineage event, as the spec's schemas guarantee it after validation
 * (eventValidator.ts). Facets stay opaque records here; folding reads the ones it knows.
 */
export type OpenLineageEventKind = "RUN" | "DATASET" | "JOB";

export type Facets = Record<string, Record<string, unknown>>;

export interface DatasetRef {
  namespace: string;
  name: string;
  facets?: Facets;
  inputFacets?: Facets;
  outputFacets?: Facets;
}

export interface OpenLineageEvent {
  eventType?: "START" | "RUNNING" | "COMPLETE" | "ABORT" | "FAIL" | "OTHER";
  eventTime: string;
  producer: string;
  schemaURL: string;
  run?: { runId: string; facets?: Facets };
  job?: { namespace: string; name: string; facets?: Facets };
  dataset?: DatasetRef;
  inputs?: DatasetRef[];
  outputs?: DatasetRef[];
}
