import { toGlobalId } from "../../core/globalId.js";
import type { ChangeRequestLinks } from "./changeRequests.js";

/**
 * Links into the web app, where a change request is a page: `<base>/change-requests/<id>`, with
 * the id the GraphQL API uses (`changeRequest(id:)`). The one place such links are made (push
 * output, verdicts, notifications, ChangeRequest.url), so the page can move in one edit.
 */
export function webAppLinks(baseUrl: string): ChangeRequestLinks {
  const base = baseUrl.replace(/\/+$/, "");
  return {
    changeRequestUrl(id) {
      return `${base}/change-requests/${encodeURIComponent(toGlobalId("ChangeRequest", id))}`;
    },
    assetUrl(uniqueId) {
      return `${base}/assets/${encodeURIComponent(uniqueId)}`;
    },
  };
}
