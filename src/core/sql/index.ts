/**
 * The SQL engine's public surface. One entry point, `analyzeSql`, for one model's SQL (and `jinjaDependencies` for its Jinja refs alone); the rest
 * are the types of its input and output and two helpers the ingestion needs.
 */
export { analyzeSql } from "./analyzeSql.js";
export { jinjaDependencies } from "./jinja/jinjaDependencies.js";
export { normalizeSql } from "./normalize.js";
export { sqlAnalysisInputSchema, tableSchemaSchema, type SqlAnalysisInput, type TableSchema } from "./input.js";
export { dialectSchema, parseDialect, type Dialect } from "./dialect.js";
export { refName, sourceName } from "./tableNames.js";
export { EPHEMERAL_CTE_PREFIX } from "./lineage/resolveLineage.js";
export {
  COLUMN_TRANSFORMS,
  type ColumnLineage,
  type ColumnSource,
  type ColumnTransform,
  type DbtRef,
  type DbtSource,
  type JinjaDependencies,
  type SqlAnalysis,
  type TableRef,
} from "./analysis.js";
