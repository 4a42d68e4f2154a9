/**
 * Reads a (possibly gzip-compressed) request body as it streams in, stopping as soon as the
 * decompressed size passes the limit: a gzip bomb costs at most `limit` bytes of memory.
 * The chunks are joined once, at the end.
 *
 * Past the limit the rest of the body is read and dropped, not the connection: the client is
 * still sending (a chunked body announces no length), and a socket closed under it loses the 413
 * that explains why. Node does the same for a body nobody reads (the Content-Length case), and
 * its request timeout bounds how long that can go on.
 */
import type { Request } from "express";
import type { Readable } from "node:stream";
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
  const gunzip = encoding === "gzip" ? createGunzip() : null;
  try {
    return await collect(req, gunzip ? req.pipe(gunzip) : req, limit);
  } catch (error) {
    if (gunzip) {
      req.unpipe(gunzip);
      gunzip.destroy();
    }
    req.resume();
    if (error instanceof AppError) throw error;
    throw new AppError("BAD_USER_INPUT", `The request body could not be read: ${(error as Error).message}`, { reason: "BAD_BODY" });
  }
}

function collect(req: Request, source: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: Error) => {
      source.removeAllListeners("data");
      reject(error);
    };
    source.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) fail(tooLarge(limit));
      else chunks.push(chunk);
    });
    source.once("end", () => resolve(Buffer.concat(chunks, size)));
    source.once("error", fail);
    req.once("close", () => {
      if (!req.complete) fail(new Error("the connection closed before the body ended"));
    });
  });
}

function tooLarge(limit: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than the limit of ${megabytes(limit)} (TRIBUTARY_MAX_BODY)`, { limit });
}
