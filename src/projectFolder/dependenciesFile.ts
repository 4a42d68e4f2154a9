/**
 * `dependencies.yml`: the dbt Mesh projects this project reads (`projects: [{ name: shop }]`).
 * A `ref('shop', 'orders')` then names model `orders` of project `shop`, another project of the
 * tenant, instead of a package the folder does not hold. Its `packages:` are installed packages
 * (`dbt_packages/`, not read), so they are accepted and ignored like the rest of the file.
 */
import { z } from "zod";

export const dependenciesFileSchema = z.looseObject({
  projects: z
    .array(z.looseObject({ name: z.string().regex(/^[^.\s]+$/, "a project name without dots or spaces") }))
    .nullish(),
});

export type DependenciesFile = z.infer<typeof dependenciesFileSchema>;

/** The upstream projects' names; none when the file is absent or empty. */
export function upstreamProjectsOf(file: DependenciesFile | null | undefined): Set<string> {
  return new Set((file?.projects ?? []).map((project) => project.name));
}
