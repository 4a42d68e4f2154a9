/** What OWNER and ADMIN tokens may write into a glossary term (GraphQL input, validated here). */
import { z } from "zod";
import { normalizeTermName } from "./termNames.js";

export const TERM_STATUSES = ["DRAFT", "APPROVED", "DEPRECATED"] as const;

const termName = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .refine((name) => normalizeTermName(name) !== "", "must contain a letter or a digit");

const names = z.array(termName).max(30, "must list at most 30 names");

const termFields = {
  name: termName,
  definition: z.string().trim().min(1, "must not be empty").max(10_000, "must be at most 10000 characters"),
  synonyms: names,
  abbreviations: names,
  /** The owner's e-mail; null clears it. */
  ownerEmail: z.email("expected an e-mail address").nullable(),
  status: z.enum(TERM_STATUSES),
};

export const termInputSchema = z.strictObject({
  ...termFields,
  synonyms: names.default([]),
  abbreviations: names.default([]),
  ownerEmail: termFields.ownerEmail.default(null),
  status: termFields.status.default("DRAFT"),
});

export type TermInput = z.infer<typeof termInputSchema>;

/** An update: the fields given replace the stored ones; absent fields stay. */
export const termUpdateSchema = z.strictObject(termFields).partial();
export type TermUpdate = z.infer<typeof termUpdateSchema>;

