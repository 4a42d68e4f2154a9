/** Relay global ids: base64url("<Type>:<id>"), so `node(id:)` knows where to look. */
export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`).toString("base64url");
}

export function fromGlobalId(globalId: string): { type: string; id: string } | null {
  const decoded = Buffer.from(globalId, "base64url").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0 || colon === decoded.length - 1) return null;
  return { type: decoded.slice(0, colon), id: decoded.slice(colon + 1) };
}

/** The row id behind a global id of the expected type, or null for anything else. */
export function rowIdOf(globalId: string, type: string): string | null {
  const parsed = fromGlobalId(globalId);
  return parsed?.type === type ? parsed.id : null;
}
