import { describe, expect, it } from "vitest";
import { formatToken, hashSecret, parseToken, roleAtLeast, secretMatches } from "../../../src/core/tokens.js";

describe("API token format", () => {
  const parts = { tenantId: "tenantabc123", tokenId: "tokenxyz7890", secret: "s3cr3t-Secret_0123456789abcdef" };

  it("round-trips through format and parse", () => {
    const raw = formatToken(parts);
    expect(raw).toBe("trb_tenantabc123_tokenxyz7890_s3cr3t-Secret_0123456789abcdef");
    expect(parseToken(raw)).toEqual(parts);
    expect(parseToken(`  ${raw}\n`)).toEqual(parts);
  });

  it("rejects anything else", () => {
    for (const bad of ["", "trb_", "Bearer x", "trb_a_b_c", "xyz_tenantabc123_tokenxyz7890_s3cr3t-Secret_0123456789abcdef"]) {
      expect(parseToken(bad)).toBeNull();
    }
  });

  it("compares secrets by digest", () => {
    const stored = hashSecret("right-secret");
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(secretMatches("right-secret", stored)).toBe(true);
    expect(secretMatches("wrong-secret", stored)).toBe(false);
    expect(secretMatches("right-secret", "abc")).toBe(false);
  });

  it("orders roles READER < CI < OWNER < ADMIN", () => {
    expect(roleAtLeast("ADMIN", "OWNER")).toBe(true);
    expect(roleAtLeast("OWNER", "CI")).toBe(true);
    expect(roleAtLeast("CI", "OWNER")).toBe(false);
    expect(roleAtLeast("READER", "CI")).toBe(false);
    expect(roleAtLeast("READER", "READER")).toBe(true);
  });
});
