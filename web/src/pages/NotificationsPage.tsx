/** The signed-in person's notifications, newest first; mark them read. */
import { useMutation, useQuery } from "urql";
import { Link } from "wouter";
import { graphql } from "../graphql";
import { errorMessage } from "../lib/client";
import { changeRequestPath } from "../lib/links";
import { useViewer } from "../lib/viewer";

const NotificationsQuery = graphql(`
  query Notifications {
    notifications(first: 100) {
      totalCount
      nodes { id title event createdAt read changeRequestId }
    }
  }
`);

const MarkAllRead = graphql(`
  mutation MarkAllRead { markNotificationsRead(input: { all: true }) { updatedCount unreadCount } }
`);

export function NotificationsPage() {
  const viewer = useViewer();
  const [{ data, error }, refetch] = useQuery({ query: NotificationsQuery });
  const [marked, markAll] = useMutation(MarkAllRead);
  if (!viewer) return <p className="loading">Loading…</p>;
  if (!viewer.owner) return <><h1>Notifications</h1><p>This token acts for no person, so it has no notifications. Create one with <code>tributary token create --owner &lt;email&gt;</code>.</p></>;
  if (error) return <p role="alert" className="error">{errorMessage(error)}</p>;
  const list = data?.notifications.nodes ?? [];
  return (
    <>
      <h1>Notifications</h1>
      <button type="button" disabled={marked.fetching || list.every((n) => n.read)} onClick={() => markAll({}).then(() => refetch({ requestPolicy: "network-only" }))}>Mark all read</button>
      {list.length === 0 ? <p className="muted">Nothing yet.</p> : null}
      <ul className="notifications">
        {list.map((n) => (
          <li key={n.id} className={n.read ? "read" : "unread"}>
            <span className="badge">{n.event}</span> {n.changeRequestId ? <Link href={changeRequestPath(n.changeRequestId)}>{n.title}</Link> : n.title}
            <span className="muted"> · {new Date(n.createdAt).toLocaleString()}{n.read ? "" : " · unread"}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
