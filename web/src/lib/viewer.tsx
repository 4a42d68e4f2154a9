/** Who is signed in: the token's role and person, fetched once per token. */
import { createContext, useContext } from "react";
import { graphql, type ResultOf } from "../graphql";

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      role
      tenant { slug name }
      owner { id name email handle }
    }
  }
`);

export type Viewer = ResultOf<typeof ViewerQuery>["viewer"];

export const ViewerContext = createContext<Viewer | null>(null);

/**
 * Who is signed in, or null while the Viewer query is still out: pages ask for their own data
 * at the same time rather than after it, and what depends on who is signed in appears once known.
 */
export function useViewer(): Viewer | null {
  return useContext(ViewerContext);
}

/** Subscribing and deciding act for a person: an OWNER or ADMIN token created for one. */
export function actsForPerson(viewer: Viewer | null): boolean {
  return viewer !== null && viewer.owner !== null && (viewer.role === "OWNER" || viewer.role === "ADMIN");
}

export function personName(person: { name: string | null; email: string | null; handle: string | null }): string {
  return person.name ?? person.email ?? person.handle ?? "someone";
}
