/**
 * No change request can get stuck: for every approval policy, owners named by the manifest, set
 * through the API or both, and a change opened by an owner, a CI token or someone else (then
 * re-posted by CI), the verdict names people who can approve it, and their approvals approve it.
 * Where nobody may approve, the verdict is BLOCKED and says what to configure.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ANA = "ana@shop.test";
const BOB = "bob@shop.test";
/** The changed mart: a native manifest's models are named after its project. */
const customers = (project: string) => `model.${project}.customers`;

const POLICIES = {
  ANY_OWNER: { mode: "ANY_OWNER_PER_MART" },
  TWO_APPROVALS: { mode: "ANY_OWNER_PER_MART", minApprovals: 2 },
  ALL_OWNERS: { mode: "ALL_OWNERS" },
} as const;
type PolicyName = keyof typeof POLICIES;

/** Where the mart's two owners, ana and bob, are named. BOTH names ana in the manifest and both through the API. */
const OWNER_SOURCES = {
  MANIFEST: { manifest: [ANA, BOB], api: [] },
  API: { manifest: [], api: [ANA, BOB] },
  BOTH: { manifest: [ANA], api: [ANA, BOB] },
} as const;
type OwnerSource = keyof typeof OWNER_SOURCES;

/** Who opens the change: ana (an owner, with her own token), a CI token acting for nobody, or carol via --author. */
const AUTHORS = ["OWNER", "CI_TOKEN", "SOMEONE_ELSE"] as const;

function manifest(project: string, owners: readonly string[], dropFirstName: boolean) {
  return {
    format: "tributary/v1",
    project,
    models: [
      {
        name: "customers",
        layer: "mart",
        sql: "select 1 as id, 'x' as first_name",
        ...(owners.length > 0 ? { owners: [...owners] } : {}),
        columns: [{ name: "id" }, ...(dropFirstName ? [] : [{ name: "first_name" }])],
      },
    ],
  };
}

describe("approvers: no change request gets stuck", { timeout: 300_000 }, () => {
  let server: TestServer;
  const tenants = new Map<PolicyName, { admin: string; ci: string; people: Map<string, string> }>();

  const post = (token: string, body: Json) => server.postManifest(token, body);
  const newToken = async (admin: string, role: string, ownerEmail?: string) =>
    (await server.graphql<Json>(admin, `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret } }`, { i: { name: `${role}-${ownerEmail ?? "ci"}`, role, ...(ownerEmail ? { ownerEmail } : {}) } })).body
      .data!.createApiToken.secret as string;
  const decide = (token: string, changeRequestId: string) =>
    server.graphql<Json>(token, `mutation($id: ID!) { approveChangeRequest(input: { id: $id }) { changeRequest { status verdict { verdict reason } } } }`, {
      id: Buffer.from(`ChangeRequest:${changeRequestId}`).toString("base64url"),
    }).then((answer) => answer.body);
  const setApiOwners = async (admin: string, project: string, emails: readonly string[]) => {
    const asset = (await server.graphql<Json>(admin, `query($p: String!, $u: String!) { asset(project: $p, uniqueId: $u) { id } }`, { p: project, u: customers(project) })).body;
    const set = (await server.graphql<Json>(admin, `mutation($i: SetAssetOwnersInput!) { setAssetOwners(input: $i) { asset { name } } }`, {
      i: { assetId: asset.data!.asset.id, owners: emails.map((email) => ({ email })) },
    })).body;
    expect(set.errors).toBeUndefined();
  };

  beforeAll(async () => {
    server = await startTestServer();
    for (const [name, approvals] of Object.entries(POLICIES) as [PolicyName, Json][]) {
      const admin = (await server.tenant(`approvers-${name.toLowerCase().replace(/_/g, "-")}`)).token;
      const policy = (await server.graphql<Json>(admin, `mutation($p: JSON!) { setChangePolicy(policy: $p) }`, { p: { approvals } })).body;
      expect(policy.errors).toBeUndefined();
      const people = new Map<string, string>();
      for (const email of [ANA, BOB]) people.set(email, await newToken(admin, "OWNER", email));
      tenants.set(name, { admin, ci: await newToken(admin, "CI"), people });
    }
  });
  afterAll(() => server.stop());

  const cells = (Object.keys(POLICIES) as PolicyName[]).flatMap((policy) =>
    (Object.keys(OWNER_SOURCES) as OwnerSource[]).flatMap((source) => AUTHORS.map((author) => ({ policy, source, author }))),
  );

  it.each(cells)("$policy, owners from $source, opened by $author", async ({ policy, source, author }) => {
    const { admin, ci, people } = tenants.get(policy)!;
    const project = `${source}_${author}`.toLowerCase();
    const owners = OWNER_SOURCES[source];
    const base = await post(admin, { project, mode: "apply", branch: "main", manifest: manifest(project, owners.manifest, false) });
    expect(base.body.verdict).toBe("APPLIED");
    if (owners.api.length > 0) await setApiOwners(admin, project, owners.api);

    const change = { project, mode: "propose", branch: "feature/drop-first-name", manifest: manifest(project, owners.manifest, true) };
    const opened = author === "OWNER" ? await post(people.get(ANA)!, change) : await post(ci, { ...change, ...(author === "SOMEONE_ELSE" ? { author: "carol@shop.test" } : {}) });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    // CI re-posts the same proposal: the author stays the person who opened it.
    const reposted = await post(ci, change);
    expect(reposted.body.changeRequest.id).toBe(opened.body.changeRequest.id);

    const eligible = author === "OWNER" ? [BOB] : [ANA, BOB];
    expect(reposted.body).toMatchObject({ verdict: "APPROVAL_REQUIRED" });
    const waitingFor = reposted.body.changeRequest.missingApprovals.flatMap((m: Json) => m.waitingFor);
    expect(waitingFor).toEqual(eligible.map((email) => `email:${email}`));
    expect(reposted.body.reason).toContain(`waiting for ${eligible.join(", ")}.`);

    if (author === "OWNER") {
      const refused = await decide(people.get(ANA)!, opened.body.changeRequest.id);
      expect(refused.errors?.[0]?.message).toContain("author");
    }
    const needed = policy === "ANY_OWNER" ? 1 : eligible.length;
    let verdict = "";
    for (const email of eligible.slice(0, needed)) {
      const decided = await decide(people.get(email)!, opened.body.changeRequest.id);
      expect(decided.errors, `${email} approves`).toBeUndefined();
      verdict = decided.data!.approveChangeRequest.changeRequest.verdict.verdict;
    }
    expect(verdict).toBe("APPROVED");
  });

  it.each(Object.keys(OWNER_SOURCES) as OwnerSource[])(
    "is BLOCKED, saying what to configure, when the only owner (from %s) is the author; fallback approvers unblock it",
    async (source) => {
      const admin = (await server.tenant(`sole-owner-${source.toLowerCase()}`)).token;
      const ana = await newToken(admin, "OWNER", ANA);
      const project = "sole";
      const inManifest = source === "API" ? [] : [ANA];
      await post(admin, { project, mode: "apply", branch: "main", manifest: manifest(project, inManifest, false) });
      if (source !== "MANIFEST") await setApiOwners(admin, project, [ANA]);
      const change = { project, mode: "propose", branch: "feature/x", manifest: manifest(project, inManifest, true) };

      const blocked = await post(ana, change);
      expect(blocked.body).toMatchObject({ status: "PROPOSED", verdict: "BLOCKED" });
      expect(blocked.body.reason).toContain(customers(project));
      expect(blocked.body.reason).toContain("approvals.fallbackApprovers");

      const set = (await server.graphql<Json>(admin, `mutation { setChangePolicy(policy: { approvals: { fallbackApprovers: ["Dana@Shop.test"] } }) }`)).body;
      expect(set.data?.setChangePolicy.approvals.fallbackApprovers).toEqual(["dana@shop.test"]);
      const dana = await newToken(admin, "OWNER", "dana@shop.test");
      const waiting = await post(ana, change);
      expect(waiting.body).toMatchObject({ verdict: "APPROVAL_REQUIRED" });
      expect(waiting.body.changeRequest.missingApprovals[0].waitingFor).toEqual(["email:dana@shop.test"]);
      const approved = await decide(dana, waiting.body.changeRequest.id);
      expect(approved.data?.approveChangeRequest.changeRequest.verdict.verdict).toBe("APPROVED");
    },
  );

  it("refuses fallback approvers that are not e-mail addresses, naming the entry", async () => {
    const { admin } = tenants.get("ANY_OWNER")!;
    const bad = (await server.graphql<Json>(admin, `mutation { setChangePolicy(policy: { approvals: { fallbackApprovers: ["platform team"] } }) }`)).body;
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0]?.message).toContain("$.policy.approvals.fallbackApprovers[0]");
  });

  it("refuses a person's token that names another author", async () => {
    const { admin, people } = tenants.get("ANY_OWNER")!;
    await post(admin, { project: "claims", mode: "apply", branch: "main", manifest: manifest("claims", [ANA], false) });
    const claimed = await post(people.get(BOB)!, { project: "claims", mode: "propose", branch: "b", author: ANA, manifest: manifest("claims", [ANA], true) });
    expect(claimed.status).toBe(403);
    expect(claimed.body.error.message).toContain(ANA);
    const notAnEmail = await post(admin, { project: "claims", mode: "propose", branch: "b", author: "ana", manifest: manifest("claims", [ANA], true) });
    expect(notAnEmail.status).toBe(400);
    expect(notAnEmail.body.error.path).toBe("$.author");
  });
});
