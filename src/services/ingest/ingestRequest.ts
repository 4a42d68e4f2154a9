import { z } from "zod";

export const projectName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, "expected a project name of letters, digits, '_', '.' or '-' (1–128), like jaffle_shop");

/** What CI posts besides the documents themselves (which core/manifest validates). */
export const ingestRequestSchema = z.object({
  project: projectName,
  mode: z
    .enum(["apply", "propose", "APPLY", "PROPOSE"])
    .default("apply")
    .transform((mode) => mode.toUpperCase() as "APPLY" | "PROPOSE"),
  gitSha: z.string().trim().min(1).max(100).nullish(),
  branch: z.string().trim().min(1).max(250).nullish(),
  /** The person who opened the change (`push --author`); else the person the token acts for. */
  author: z.email("expected the author's e-mail address").max(320).nullish(),
  manifest: z.unknown().refine((value) => value !== undefined, "expected the manifest document"),
  runResults: z.unknown().optional(),
  catalog: z.unknown().optional(),
});

export type IngestRequest = z.input<typeof ingestRequestSchema>;
export type ValidIngestRequest = z.output<typeof ingestRequestSchema>;
