import { toGlobalId } from "../../core/globalId.js";
import type { ChangeRequestLinks } from "./changeRequests.js";

/** Links into the explorer, opened on the query that shows the change request. */
export function explorerLinks(baseUrl: string): ChangeRequestLinks {
  const base = baseUrl.replace(/\/+$/, "");
  return {
    changeRequestUrl(id) {
      const query = `{\n  changeRequest(id: "${toGlobalId("ChangeRequest", id)}") {\n    title status verdict { verdict reason }\n    changes { category reasonCode message }\n    requiredApprovers { assetUniqueId candidates needed }\n  }\n}`;
      return `${base}/explorer?query=${encodeURIComponent(query)}`;
    },
  };
}
