/**
 * Reads a (possibly gzip-compressed) request body as it streams in, stopping as soon as the
 * decompressed size passes the limit: a gzip bomb costs at most `limit` bytes of memory.
 * The chunks are joined once, at the end.
 */
import type { Request } from "express";
import { createGunzip } from "node:zlib";
import { AppError } from "../core/errors.js";

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 ** 2) * 10) / 10} MB`;

export async function readBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", `Content-Encoding ${encoding} is not supported: send the body as is or gzip-compressed`);
  }
  const source = encoding === "gzip" ? req.pipe(createGunzip()) : req;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        req.unpipe();
        source.destroy();
        throw tooLarge(limit);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("BAD_USER_INPUT", `The request body could not be read: ${(error as Error).message}`, { reason: "BAD_BODY" });
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(limit: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than the limit of ${megabytes(limit)} (TRIBUTARY_MAX_BODY)`, { limit });
}
