import { describe, expect, it } from "vitest";
import { isPublicAddress, literalAddress } from "../../../src/core/notify/publicAddress.js";

describe("isPublicAddress", () => {
  it.each([
    ["8.8.8.8", true],
    ["2606:4700:4700::1111", true],
    ["127.0.0.1", false],
    ["10.0.0.1", false],
    ["172.16.5.4", false],
    ["192.168.1.1", false],
    ["169.254.169.254", false],
    ["100.64.0.1", false],
    ["0.0.0.0", false],
    ["255.255.255.255", false],
    ["224.0.0.1", false],
    ["::1", false],
    ["::", false],
    ["fe80::1", false],
    ["fd12:3456::1", false],
    ["::ffff:127.0.0.1", false],
    ["::ffff:8.8.8.8", true],
    ["not-an-address", false],
  ])("%s → %s", (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe("literalAddress", () => {
  it("finds IP hosts as URLs normalize them, and nothing for names", () => {
    expect(literalAddress(new URL("http://[::1]:8080/x"))).toBe("::1");
    expect(literalAddress(new URL("http://2130706433/"))).toBe("127.0.0.1");
    expect(literalAddress(new URL("http://0x7f.1/"))).toBe("127.0.0.1");
    expect(literalAddress(new URL("https://hooks.example.com/"))).toBeNull();
  });
});
