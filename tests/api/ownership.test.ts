/**
 * One person can own an asset through the manifest and through the API at once: posts report
 * only real changes of the manifest's owners, the asset lists the person once, and removing
 * either assignment leaves the other.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const manifest = (owners: string[], description = "Customers") => ({
  format: "tributary/v1",
  project: "shop",
  models: [{ name: "customers", layer: "mart", description, sql: "select 1 as id", ...(owners.length > 0 ? { owners } : {}), columns: [{ name: "id" }] }],
});

describe("owners from the manifest and the API together", { timeout: 120_000 }, () => {
  let server: TestServer;
  let admin: string;
  let assetId: string;

  const submit = async (mode: "APPLY" | "PROPOSE", body: Json) => {
    const answer = await server.graphql<{ submitManifest: { status: string; verdict: string; changes: { total: number; lines: string[] } } }>(
      admin,
      `mutation($input: SubmitManifestInput!) { submitManifest(input: $input) { status verdict changes } }`,
      { input: { project: "shop", mode, branch: mode === "APPLY" ? "main" : "feature/x", manifest: body } },
    );
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!.submitManifest;
  };
  const setApiOwners = async (emails: string[]) => {
    const set = await server.graphql(admin, `mutation($i: SetAssetOwnersInput!) { setAssetOwners(input: $i) { asset { name } } }`, {
      i: { assetId, owners: emails.map((email) => ({ email })) },
    });
    expect(set.body.errors).toBeUndefined();
  };
  const listedOwners = async () => {
    const answer = await server.graphql<{ asset: { owners: { email: string }[] } }>(admin, `{ asset(uniqueId: "model.shop.customers") { owners { email } } }`);
    return answer.body.data!.asset.owners.map((o) => o.email);
  };

  beforeAll(async () => {
    server = await startTestServer();
    admin = (await server.tenant("owners")).token;
    await submit("APPLY", manifest([]));
    const asset = await server.graphql<{ asset: { id: string } }>(admin, `{ asset(uniqueId: "model.shop.customers") { id } }`);
    assetId = asset.body.data!.asset.id;
  });
  afterAll(() => server.stop());

  it("reports a manifest owner who is already an API owner once, then never again", async () => {
    await setApiOwners(["ana@shop.test"]);
    const named = await submit("APPLY", manifest(["ana@shop.test"]));
    expect(named.changes.lines).toEqual(["DOCS OWNERS_CHANGED: The owners of model customers changed from [] to [ana@shop.test]."]);

    const identical = await submit("PROPOSE", manifest(["ana@shop.test"]));
    expect(identical).toMatchObject({ verdict: "NO_APPROVAL_NEEDED", changes: { total: 0 } });
    const described = await submit("APPLY", manifest(["ana@shop.test"], "Everyone who ever ordered"));
    expect(described.changes.lines.filter((line) => line.includes("OWNERS_CHANGED"))).toEqual([]);
    expect(await listedOwners()).toEqual(["ana@shop.test"]);
  });

  it("keeps each assignment until its own source removes it", async () => {
    await setApiOwners([]);
    expect(await listedOwners()).toEqual(["ana@shop.test"]);
    await setApiOwners(["ana@shop.test"]);
    const dropped = await submit("APPLY", manifest([], "Everyone who ever ordered"));
    expect(dropped.changes.lines).toEqual(["DOCS OWNERS_CHANGED: The owners of model customers changed from [ana@shop.test] to []."]);
    expect(await listedOwners()).toEqual(["ana@shop.test"]);
    const again = await submit("PROPOSE", manifest([], "Everyone who ever ordered"));
    expect(again.changes.total).toBe(0);
  });
});
