/**
 * `dbt_project.yml`: the few fields a never-compiled project folder needs. Everything else dbt
 * allows there (profiles, hooks, dispatch, …) is accepted and ignored, so any real project reads.
 */
import { z } from "zod";

const pathList = z.union([z.string().min(1).transform((path) => [path]), z.array(z.string().min(1))]);

export const dbtProjectFileSchema = z.looseObject({
  name: z.string().regex(/^[^.\s]+$/, "a project name without dots or spaces"),
  "model-paths": pathList.optional(),
  /** dbt < 1.0 spelling of `model-paths`. */
  "source-paths": pathList.optional(),
  "test-paths": pathList.optional(),
  "seed-paths": pathList.optional(),
  /** dbt < 1.0 spelling of `seed-paths`. */
  "data-paths": pathList.optional(),
  "snapshot-paths": pathList.optional(),
  /** `<project>: <folder>: … : +config` trees; read by modelConfig.ts. */
  models: z.record(z.string(), z.unknown()).nullish(),
  seeds: z.record(z.string(), z.unknown()).nullish(),
  snapshots: z.record(z.string(), z.unknown()).nullish(),
  /** Global vars, or vars scoped under a project name. */
  vars: z.record(z.string(), z.unknown()).nullish(),
});

export type DbtProjectFile = z.infer<typeof dbtProjectFileSchema>;

export function modelPathsOf(project: DbtProjectFile): string[] {
  return project["model-paths"] ?? project["source-paths"] ?? ["models"];
}

export function testPathsOf(project: DbtProjectFile): string[] {
  return project["test-paths"] ?? ["tests"];
}

export function seedPathsOf(project: DbtProjectFile): string[] {
  return project["seed-paths"] ?? project["data-paths"] ?? ["seeds"];
}

export function snapshotPathsOf(project: DbtProjectFile): string[] {
  return project["snapshot-paths"] ?? ["snapshots"];
}

/**
 * What `var('name')` means inside this project: a var scoped under the project's name wins over
 * a global one, as in dbt.
 */
export function projectVars(project: DbtProjectFile): ReadonlyMap<string, unknown> {
  const vars = new Map<string, unknown>();
  const all = project.vars ?? {};
  const scoped = all[project.name];
  for (const [key, value] of Object.entries(all)) {
    if (key !== project.name) vars.set(key, value);
  }
  if (scoped !== null && typeof scoped === "object" && !Array.isArray(scoped)) {
    for (const [key, value] of Object.entries(scoped)) vars.set(key, value);
  }
  return vars;
}
