/**
 * The dbt dependencies a model's Jinja names (`ref()`, `source()`, and calls whose arguments are
 * not literals), read from the template alone: no SQL is tokenized or parsed. Reading a project
 * folder needs only these, for thousands of models; the full analysis (analyzeSql) reports them
 * the same way.
 */
import type { Diagnostic } from "../../diagnostic.js";
import type { JinjaDependencies } from "../analysis.js";
import { refName, sourceName } from "../tableNames.js";
import { LineIndex } from "../text/lineIndex.js";
import { renderTemplate, type RenderedTemplate } from "./renderTemplate.js";

export interface JinjaReading {
  jinja: JinjaDependencies;
  /** Non-literal calls and template problems, as warnings at their place in `sql`. */
  diagnostics: Diagnostic[];
}

/** Each ref and source once, in order of first appearance, with where it first appears. */
export function jinjaDependencies(sql: string, rendered: RenderedTemplate = renderTemplate(sql), lines: LineIndex = new LineIndex(sql)): JinjaReading {
  const jinja: JinjaDependencies = { refs: [], sources: [], unresolved: [] };
  const diagnostics: Diagnostic[] = [];
  const seenRefs = new Set<string>();
  const seenSources = new Set<string>();
  for (const call of rendered.calls) {
    const position = lines.position(call.start);
    if (call.kind === "ref") {
      const key = refName(call.ref);
      if (!seenRefs.has(key)) jinja.refs.push({ ...call.ref, ...position });
      seenRefs.add(key);
    } else if (call.kind === "source") {
      const key = sourceName(call.source);
      if (!seenSources.has(key)) jinja.sources.push({ ...call.source, ...position });
      seenSources.add(key);
    } else {
      const expression = sql.slice(call.start, call.end);
      jinja.unresolved.push({ expression, ...position });
      diagnostics.push({ code: "UNRESOLVED_REF", severity: "warning", message: `Dependency with a non-literal argument: ${expression.slice(0, 200)}`, ...position });
    }
  }
  for (const problem of rendered.problems) diagnostics.push({ code: problem.code, severity: "warning", message: problem.message, ...lines.position(problem.offset) });
  return { jinja, diagnostics };
}
