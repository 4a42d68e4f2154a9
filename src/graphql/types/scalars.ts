/** Scalars beyond GraphQL's own, registered once here so every type shares the same instance. */
import { JSONResolver } from "graphql-scalars";

/** Free-form JSON (dbt `meta`, manifest counts): passed through as stored. */
export const JSONScalar = JSONResolver;
