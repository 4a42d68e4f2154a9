/**
 * The asset a lineage picture is of. Part of the first bundle: the lineage route asks for it
 * while the picture's code (its own chunk) is still loading, and the page then reads the same
 * answer (one operation, shared by urql).
 */
import { useQuery } from "urql";
import { useSearch } from "wouter";
import { graphql } from "../graphql";

const LineageHeadQuery = graphql(`
  query LineageAsset($uniqueId: String!, $project: String) {
    asset(uniqueId: $uniqueId, project: $project) {
      id uniqueId name kind layer schema
      project { name }
      columns { name }
    }
  }
`);

export function useLineageHead(uniqueId: string) {
  const project = new URLSearchParams(useSearch()).get("project") ?? undefined;
  return useQuery({ query: LineageHeadQuery, variables: { uniqueId, project } });
}
