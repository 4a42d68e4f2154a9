import { Field, Int, ObjectType } from "type-graphql";
import type { Diagnostic as DiagnosticValue } from "../../core/diagnostic.js";

@ObjectType({ description: "A finding about posted input (a manifest, an asset's SQL) that did not stop it from being processed." })
export class Diagnostic {
  @Field(() => String, { description: "Stable machine-readable code, e.g. SQL_PARSE_ERROR, UNRESOLVED_REF." })
  code!: string;

  @Field(() => String, { description: "error, warning or info" })
  severity!: string;

  @Field(() => String)
  message!: string;

  @Field(() => String, { nullable: true, description: "JSON path in the posted document, when the finding is about one." })
  path!: string | null;

  @Field(() => String, { nullable: true, description: "The asset the finding is about." })
  uniqueId!: string | null;

  @Field(() => Int, { nullable: true, description: "1-based line in the SQL, when the finding is about SQL." })
  line!: number | null;

  @Field(() => Int, { nullable: true, description: "1-based column in the SQL line." })
  column!: number | null;

  /** Diagnostics are stored as JSON arrays (ManifestVersion, Asset); anything malformed is dropped. */
  static listFrom(json: unknown): Diagnostic[] {
    if (!Array.isArray(json)) return [];
    return (json as Partial<DiagnosticValue>[])
      .filter((d) => d && typeof d.code === "string" && typeof d.message === "string")
      .map((d) =>
        Object.assign(new Diagnostic(), {
          code: d.code,
          severity: d.severity ?? "info",
          message: d.message,
          path: d.path ?? null,
          uniqueId: d.uniqueId ?? null,
          line: d.line ?? null,
          column: d.column ?? null,
        }),
      );
  }
}
