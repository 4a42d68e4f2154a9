/**
 * The upload of `tributary push`: the REST envelope
 * `{"project":…,"mode":…,"gitSha":…,"branch":…,"author":…,"manifest":<file>,"runResults":<file>,…}`
 * written as a stream, with each artifact's bytes copied from disk as they are, gzip-compressed
 * on the way. A 500 MB manifest is never held in memory, neither as bytes nor as a JSON string.
 */
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { UsageError } from "./run.js";

/** One artifact of the envelope: a JSON file on disk, or a document built in memory (a project folder). */
export type EnvelopePart = { key: string; file: string } | { key: string; json: Buffer };

export interface Envelope {
  project: string;
  mode: "apply" | "propose";
  gitSha?: string;
  branch?: string;
  author?: string;
  parts: EnvelopePart[];
}

/** A prepared envelope: its streamed bytes, and their total length for a progress bar. */
export interface PreparedEnvelope {
  totalBytes: number;
  chunks: () => AsyncGenerator<Buffer>;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Checks every file before anything is sent (exists, is a JSON object, is not compressed), so
 * a wrong path is a usage error and not a half-sent request.
 */
export async function prepareEnvelope(envelope: Envelope): Promise<PreparedEnvelope> {
  const head: Record<string, string> = { project: envelope.project, mode: envelope.mode };
  if (envelope.gitSha) head.gitSha = envelope.gitSha;
  if (envelope.branch) head.branch = envelope.branch;
  if (envelope.author) head.author = envelope.author;
  // The head object's JSON without its closing brace; each part then adds `,"key":<json>`.
  const opening = Buffer.from(JSON.stringify(head).slice(0, -1), "utf8");
  const closing = Buffer.from("}", "utf8");

  const parts: { prefix: Buffer; body: { file: string; start: number; size: number } | { json: Buffer } }[] = [];
  for (const part of envelope.parts) {
    const prefix = Buffer.from(`,${JSON.stringify(part.key)}:`, "utf8");
    if ("json" in part) parts.push({ prefix, body: { json: part.json } });
    else parts.push({ prefix, body: await checkJsonFile(part.file) });
  }
  const totalBytes =
    opening.length + closing.length + parts.reduce((sum, p) => sum + p.prefix.length + ("json" in p.body ? p.body.json.length : p.body.size), 0);

  async function* chunks(): AsyncGenerator<Buffer> {
    yield opening;
    for (const { prefix, body } of parts) {
      yield prefix;
      if ("json" in body) yield body.json;
      else if (body.size > 0) yield* createReadStream(body.file, { start: body.start, highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>;
    }
    yield closing;
  }
  return { totalBytes, chunks };
}

/** Where the JSON of a file starts (after a UTF-8 byte order mark) and how long it is. */
async function checkJsonFile(file: string): Promise<{ file: string; start: number; size: number }> {
  const info = await stat(file).catch(() => null);
  if (info === null || !info.isFile()) throw new UsageError(`${file} is not a readable file`);
  const handle = await open(file, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head[0] === 0x1f && head[1] === 0x8b) throw new UsageError(`${file} is gzip-compressed: pass the uncompressed JSON file (push compresses it on the way)`);
    const start = head.subarray(0, 3).equals(UTF8_BOM) ? 3 : 0;
    const firstChar = head.subarray(start).toString("utf8").trimStart()[0];
    if (firstChar !== "{") throw new UsageError(`${file} is not a JSON object (it does not start with "{")`);
    return { file, start, size: info.size - start };
  } finally {
    await handle.close();
  }
}

export interface UploadAnswer {
  status: number;
  /** The parsed JSON answer, or null when the body was not JSON. */
  body: unknown;
  text: string;
  /** `Location` of a redirect, which is not followed (a POST body is not replayed). */
  location?: string;
}

/** A failure to talk to the server at all (refused, unknown host, reset before any answer). */
export class NetworkError extends Error {
  override name = "NetworkError";
}

export interface UploadOptions {
  url: URL;
  token: string;
  prepared: PreparedEnvelope;
  /** Called with uncompressed bytes read so far; the last call has sent === total. */
  onProgress?: (sent: number, total: number) => void;
}

/** POSTs the envelope gzip-compressed with a chunked body; resolves with the server's answer. */
export function uploadEnvelope({ url, token, prepared, onProgress }: UploadOptions): Promise<UploadAnswer> {
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<UploadAnswer>((resolve, reject) => {
    let answered = false;
    const req = request(url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "content-encoding": "gzip",
        accept: "application/json",
        "user-agent": "tributary-cli",
      },
    });
    req.on("response", (res) => {
      // The server may answer before reading the whole body (401, 413): that answer is what counts.
      answered = true;
      readAnswer(res).then(resolve, reject);
    });
    req.on("error", (error) => {
      if (!answered) reject(networkError(error, url));
    });
    let sent = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        sent += chunk.length;
        onProgress?.(sent, prepared.totalBytes);
        done(null, chunk);
      },
    });
    pipeline(Readable.from(prepared.chunks()), counter, createGzip(), req).catch((error: unknown) => {
      if (answered) return;
      req.destroy();
      reject(error instanceof UsageError ? error : networkError(error as Error, url));
    });
  });
}

/** GETs a JSON answer from the server; the body is null when it was not JSON. */
export async function getJson(url: URL, token: string): Promise<UploadAnswer> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: "application/json", "user-agent": "tributary-cli" } });
  } catch (error) {
    throw networkError(error as Error, url);
  }
  const text = await response.text();
  return { status: response.status, body: parseJsonOrNull(text), text };
}

function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function readAnswer(res: IncomingMessage): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on("data", (chunk: Buffer) => chunks.push(chunk));
    res.on("error", reject);
    res.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      resolve({ status: res.statusCode ?? 0, body: parseJsonOrNull(text), text, ...(res.headers.location ? { location: res.headers.location } : {}) });
    });
  });
}

/** Says what went wrong in words a CI log reader acts on. */
export function networkError(error: Error & { code?: string; cause?: unknown }, url: URL): NetworkError {
  const code = error.code ?? (error.cause as { code?: string } | undefined)?.code;
  const where = `the Tributary server at ${url.origin}`;
  switch (code) {
    case "ECONNREFUSED":
      return new NetworkError(`cannot reach ${where}: connection refused. Is it running? Set --server or TRIBUTARY_URL.`);
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new NetworkError(`cannot reach ${where}: unknown host ${url.hostname}. Check --server or TRIBUTARY_URL.`);
    case "ETIMEDOUT":
      return new NetworkError(`cannot reach ${where}: the connection timed out.`);
    case "ECONNRESET":
    case "EPIPE":
      return new NetworkError(`${where} closed the connection before answering (${code}).`);
    default:
      return new NetworkError(`cannot talk to ${where}: ${error.message}${code ? ` (${code})` : ""}`);
  }
}
