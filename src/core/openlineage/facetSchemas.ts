/**
 * The facet schemas bundled from the OpenLineage spec (spec/facets.json), each read for what
 * intake needs: the key it validates in a facets object, the core facet it extends (which says
 * where it may appear) and its version from its `$id`.
 */
import facetSchemas from "./spec/facets.json" with { type: "json" };

/** Where a facets object sits, named by the core definition its facets extend. */
export type FacetPlace = "RunFacet" | "JobFacet" | "DatasetFacet" | "InputDatasetFacet" | "OutputDatasetFacet";

/** The parts of a facet schema read here; Ajv compiles the whole of it. */
export interface FacetSchema {
  $id: string;
  properties: Record<string, { $ref: string }>;
  $defs: Record<string, { allOf?: { $ref?: string }[] }>;
}

export interface BundledFacet {
  /** The facet's key in a facets object, e.g. `schema`. */
  key: string;
  /** The schema's name, e.g. `SchemaDatasetFacet`. */
  name: string;
  /** SchemaVer of the schema, e.g. `1-2-0`. */
  version: string;
  place: FacetPlace;
  schema: FacetSchema;
}

const PLACES: readonly string[] = ["RunFacet", "JobFacet", "DatasetFacet", "InputDatasetFacet", "OutputDatasetFacet"];

export const bundledFacets: readonly BundledFacet[] = (facetSchemas as unknown as FacetSchema[]).map(describe);

function describe(schema: FacetSchema): BundledFacet {
  const [key, ...others] = Object.keys(schema.properties);
  const id = /\/facets\/(\d+-\d+-\d+)\/(\w+)\.json$/.exec(schema.$id);
  if (!key || others.length > 0 || !id) throw new Error(`Facet schema ${schema.$id} names no single facet`);
  // The root property refers to the facet's own definition; a schema may define helper types before it.
  const definition = schema.$defs[schema.properties[key]!.$ref.split("/").pop()!];
  const place = definition?.allOf?.[0]?.$ref?.split("/").pop();
  if (!place || !PLACES.includes(place)) throw new Error(`Facet schema ${schema.$id} extends no core facet`);
  return { key, name: id[2]!, version: id[1]!, place: place as FacetPlace, schema };
}
