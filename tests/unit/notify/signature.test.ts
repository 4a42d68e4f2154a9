import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signBody, verifySignature } from "../../../src/core/notify/signature.js";

describe("webhook signatures", () => {
  const secret = "whsec_test";
  const body = '{"id":"cr1:opened","type":"change_request.opened"}';

  it("is sha256= and the hex HMAC-SHA256 of '<timestamp>.<body>'", () => {
    const expected = createHmac("sha256", secret).update(`1700000000.${body}`).digest("hex");
    expect(signBody(secret, 1700000000, body)).toBe(`sha256=${expected}`);
    // A known vector, so a change of the recipe cannot pass unnoticed.
    expect(signBody("key", 1, "{}")).toBe(`sha256=${createHmac("sha256", "key").update("1.{}").digest("hex")}`);
  });

  it("verifies what it signs, and nothing that differs in body, timestamp or secret", () => {
    const signature = signBody(secret, 1700000000, body);
    const now = { nowSeconds: 1700000010 };
    expect(verifySignature(secret, "1700000000", body, signature, now)).toBe(true);
    expect(verifySignature(secret, "1700000000", body + " ", signature, now)).toBe(false);
    expect(verifySignature(secret, "1700000001", body, signature, now)).toBe(false);
    expect(verifySignature("whsec_other", "1700000000", body, signature, now)).toBe(false);
    expect(verifySignature(secret, "1700000000", body, signature.toUpperCase(), now)).toBe(false);
    expect(verifySignature(secret, undefined, body, signature, now)).toBe(false);
    expect(verifySignature(secret, "1700000000", body, undefined, now)).toBe(false);
  });

  it("refuses a timestamp outside the tolerance (a replayed delivery)", () => {
    const signature = signBody(secret, 1700000000, body);
    expect(verifySignature(secret, "1700000000", body, signature, { nowSeconds: 1700000000 + 301 })).toBe(false);
    expect(verifySignature(secret, "1700000000", body, signature, { nowSeconds: 1700000000 + 299 })).toBe(true);
    expect(verifySignature(secret, "1700000000", body, signature, { nowSeconds: 1700000000 + 1000, toleranceSeconds: 3600 })).toBe(true);
    expect(verifySignature(secret, "17e8", body, signature, { nowSeconds: 1700000000 })).toBe(false);
  });
});
