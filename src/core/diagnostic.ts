/** A finding about an input that did not stop it from being processed. */
export interface Diagnostic {
  /** Stable machine-readable code, e.g. `SQL_PARSE_ERROR`, `UNRESOLVED_REF`. */
  code: string;
  severity: "error" | "warning" | "info";
  message: string;
  /** JSON path in the posted document, when the finding is about one. */
  path?: string;
  /** The asset the finding is about. */
  uniqueId?: string;
  /** 1-based position in SQL text, when the finding is about SQL. */
  line?: number;
  column?: number;
}
