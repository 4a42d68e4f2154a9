import type { ColumnTransform } from "../lineage/types.js";

/**
 * Our column transforms in OpenLineage's terms (columnLineage facet 1-2-0): for what we hand
 * out (Marquez's reads, the export): DIRECT identity/transformation/aggregation feed the value,
 * INDIRECT ones decide which rows exist. Intake reads the same table the other way (facets.ts).
 */
export const OPENLINEAGE_TRANSFORMATIONS: Readonly<Record<ColumnTransform, { type: "DIRECT" | "INDIRECT"; subtype: string }>> = {
  DIRECT: { type: "DIRECT", subtype: "IDENTITY" },
  TRANSFORMED: { type: "DIRECT", subtype: "TRANSFORMATION" },
  AGGREGATED: { type: "DIRECT", subtype: "AGGREGATION" },
  FILTER: { type: "INDIRECT", subtype: "FILTER" },
  JOIN: { type: "INDIRECT", subtype: "JOIN" },
  GROUP_BY: { type: "INDIRECT", subtype: "GROUP_BY" },
  SORT: { type: "INDIRECT", subtype: "SORT" },
  WINDOW: { type: "INDIRECT", subtype: "WINDOW" },
  CONDITIONAL: { type: "INDIRECT", subtype: "CONDITIONAL" },
};
