/** Query and path parameters of the REST reads, checked with zod: a bad one is a 400 naming it (`parameter`, `in`). */
import type { Request } from "express";
import type { z } from "zod";
import { AppError } from "../core/errors.js";

function parse<T extends z.ZodTypeAny>(schema: T, values: unknown, where: "query" | "path"): z.infer<T> {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const parameter = issue.path.join(".");
  throw new AppError("BAD_USER_INPUT", `Bad ${where} parameter ${parameter}: ${issue.message}`, { parameter, in: where });
}

export const queryParams = <T extends z.ZodTypeAny>(schema: T, req: Request): z.infer<T> => parse(schema, req.query, "query");
export const pathParams = <T extends z.ZodTypeAny>(schema: T, req: Request): z.infer<T> => parse(schema, req.params, "path");
