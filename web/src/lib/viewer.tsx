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

export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error("useViewer outside a signed-in page");
  return viewer;
}

/** Subscribing and deciding act for a person: an OWNER or ADMIN token created for one. */
export function actsForPerson(viewer: Viewer): boolean {
  return viewer.owner !== null && (viewer.role === "OWNER" || viewer.role === "ADMIN");
}

export function personName(person: { name: string | null; email: string | null; handle: string | null }): string {
  return person.name ?? person.email ?? person.handle ?? "someone";
}
