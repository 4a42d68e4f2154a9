import { toGlobalId } from "../../core/globalId.js";
import type { ChangeRequestLinks } from "./changeRequests.js";

/** Links into the web app: a change request's page (/change-requests/<global id>). */
export function webAppLinks(baseUrl: string): ChangeRequestLinks {
  const base = baseUrl.replace(/\/+$/, "");
  return {
    changeRequestUrl(id) {
      return `${base}/change-requests/${toGlobalId("ChangeRequest", id)}`;
    },
  };
}
