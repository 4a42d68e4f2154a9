/**
 * One change request, where the links from CI, Slack and webhooks land: the classified
 * changes, the downstream impact, policy findings, who must approve and who has, and approve /
 * reject with a comment for the people who may (the server says who: viewerCanDecide).
 */
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { Link } from "wouter";
import { SqlCode } from "../components/SqlCode";
import { graphql, type ResultOf } from "../graphql";
import { errorMessage } from "../lib/client";
import { assetPath, lineagePath } from "../lib/links";
import { impactOwnerName, type StoredImpact } from "../lib/storedImpact";
import { personName } from "../lib/viewer";
import { kindLabel } from "../lib/format";

const ChangeRequestQuery = graphql(`
  query ChangeRequestPage($id: ID!) {
    changeRequest(id: $id) {
      id title status author branch gitSha createdAt updatedAt decidedAt impact viewerCanDecide
      project { name }
      verdict { verdict reason }
      changes { assetUniqueId columnName action category reasonCode message details }
      policyFindings { assetUniqueId code severity blocking message }
      requiredApprovers { assetUniqueId candidates needed reason satisfiable }
      approvals { decision comment createdAt owner { id name email handle } }
    }
  }
`);

const ApproveMutation = graphql(`
  mutation Approve($input: DecideChangeRequestInput!) {
    approveChangeRequest(input: $input) { changeRequest { id status } verdict { verdict reason } }
  }
`);
const RejectMutation = graphql(`
  mutation Reject($input: DecideChangeRequestInput!) {
    rejectChangeRequest(input: $input) { changeRequest { id status } verdict { verdict reason } }
  }
`);

type Request = ResultOf<typeof ChangeRequestQuery>["changeRequest"];
const CATEGORY_ORDER = ["BREAKING", "LOGIC", "QUALITY", "ADDITIVE", "DOCS"] as const;

export function ChangeRequestPage({ id }: { id: string }) {
  const [{ data, error }, refetch] = useQuery({ query: ChangeRequestQuery, variables: { id } });
  if (error) return <p role="alert" className="error">{errorMessage(error)}</p>;
  if (!data) return <p className="loading">Loading…</p>;
  const request = data.changeRequest;
  return (
    <article className="change-request">
      <h1>{request.title}</h1>
      <p className="facts">
        <span className={`badge status-${request.status.toLowerCase()}`}>{request.status.toLowerCase()}</span>
        <span>project <b>{request.project.name}</b></span>
        <span>branch <code>{request.branch}</code></span>
        {request.gitSha ? <span>commit <code>{request.gitSha.slice(0, 10)}</code></span> : null}
        <span>by {request.author}</span>
      </p>
      <p className={`verdict verdict-${request.verdict.verdict.toLowerCase()}`} data-testid="verdict">
        <b>{request.verdict.verdict.toLowerCase().replace(/_/g, " ")}</b>: {request.verdict.reason}
      </p>
      {request.viewerCanDecide ? <Decide id={request.id} onDone={() => refetch({ requestPolicy: "network-only" })} /> : null}
      <Changes request={request} />
      <Impact request={request} />
      <Findings request={request} />
      <Approvers request={request} />
    </article>
  );
}

function Decide({ id, onDone }: { id: string; onDone: () => void }) {
  const [comment, setComment] = useState("");
  const [approved, approve] = useMutation(ApproveMutation);
  const [rejected, reject] = useMutation(RejectMutation);
  const error = approved.error ?? rejected.error;
  const decide = async (run: (variables: { input: { id: string; comment: string | null } }) => Promise<{ error?: unknown }>) => {
    const result = await run({ input: { id, comment: comment.trim() || null } });
    if (!result.error) onDone();
  };
  return (
    <section aria-labelledby="decide-h" className="decide">
      <h2 id="decide-h">Your decision</h2>
      <label htmlFor="decision-comment">Comment (required to reject)</label>
      <textarea id="decision-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
      <div>
        <button type="button" className="approve" disabled={approved.fetching} onClick={() => decide(approve)}>Approve</button>
        <button type="button" className="reject" disabled={rejected.fetching || !comment.trim()} onClick={() => decide(reject)}>Reject</button>
      </div>
      {error ? <p role="alert" className="error">{errorMessage(error)}</p> : null}
    </section>
  );
}

function Changes({ request }: { request: Request }) {
  return (
    <section aria-labelledby="changes-h">
      <h2 id="changes-h">Changes ({request.changes.length})</h2>
      {CATEGORY_ORDER.map((category) => {
        const changes = request.changes.filter((c) => c.category === category);
        if (changes.length === 0) return null;
        return (
          <div key={category} className={`changes cat-${category.toLowerCase()}`}>
            <h3>{category.toLowerCase()} ({changes.length})</h3>
            <ul>
              {changes.map((c, i) => (
                <li key={i}>
                  <Link href={assetPath(c.assetUniqueId, request.project.name)}>{c.assetUniqueId}</Link>
                  {c.columnName ? <code>.{c.columnName}</code> : null} {c.message} <span className="muted">({c.reasonCode})</span>
                  <ChangeDetails details={c.details} />
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}

/** SQL and column diffs travel in `details`; show a before/after when there is one. */
function ChangeDetails({ details }: { details: unknown }) {
  if (!details || typeof details !== "object") return null;
  const { before, after } = details as { before?: unknown; after?: unknown };
  if (before === undefined && after === undefined) return null;
  const text = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v, null, 2));
  return (
    <details>
      <summary>Before and after</summary>
      <div className="two">
        <SqlCode sql={text(before ?? "")} />
        <SqlCode sql={text(after ?? "")} />
      </div>
    </details>
  );
}

function Impact({ request }: { request: Request }) {
  const impact = (request.impact ?? {}) as StoredImpact;
  const assets = impact.assets ?? [];
  const changed = [...new Set(request.changes.map((c) => c.assetUniqueId))];
  return (
    <section aria-labelledby="impact-h">
      <h2 id="impact-h">Downstream impact</h2>
      <p>
        {assets.length} downstream assets, {impact.exposures?.length ?? 0} exposures, {impact.owners?.length ?? 0} owners concerned.
        {changed.map((uniqueId) => (
          <span key={uniqueId}> <Link href={lineagePath(uniqueId, { project: request.project.name, direction: "DOWNSTREAM", depth: "all", impact: request.id })}>Impact of {uniqueId} on the lineage</Link></span>
        ))}
      </p>
      <ul className="impact">
        {[...assets, ...(impact.exposures ?? [])].slice(0, 50).map((a) => (
          <li key={`${a.project}:${a.uniqueId}`}>
            <Link href={assetPath(a.uniqueId, a.project)}>{a.name}</Link> <span className="badge">{kindLabel(a.kind)}</span> <span className="muted">{a.degree} hop{a.degree === 1 ? "" : "s"}</span>
          </li>
        ))}
      </ul>
      {impact.owners?.length ? <p>Owners reached: {impact.owners.map(impactOwnerName).join(", ")}</p> : null}
    </section>
  );
}

function Findings({ request }: { request: Request }) {
  if (request.policyFindings.length === 0) return null;
  return (
    <section aria-labelledby="findings-h">
      <h2 id="findings-h">Policy findings</h2>
      <ul>
        {request.policyFindings.map((f, i) => (
          <li key={i}>
            <span className={`badge ${f.blocking ? "warn" : ""}`}>{f.blocking ? "blocking" : f.severity}</span> <code>{f.assetUniqueId}</code> {f.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Approvers({ request }: { request: Request }) {
  return (
    <section aria-labelledby="approvers-h">
      <h2 id="approvers-h">Approvals</h2>
      <ul>
        {request.requiredApprovers.map((g, i) => (
          <li key={i}>
            <code>{g.assetUniqueId}</code>: {g.needed} of {g.candidates.join(", ") || "nobody"} ({g.reason}){g.satisfiable ? "" : " — no one can approve this"}
          </li>
        ))}
      </ul>
      {request.approvals.length ? (
        <ul className="approvals">
          {request.approvals.map((a, i) => (
            <li key={i}>
              <b>{personName(a.owner)}</b> {a.decision.toLowerCase()} on {new Date(a.createdAt).toLocaleString()}
              {a.comment ? <>: “{a.comment}”</> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No decision yet.</p>
      )}
    </section>
  );
}
