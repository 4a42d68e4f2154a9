/** The urql client: every request to /graphql carries the session's bearer token. */
import { cacheExchange, Client, fetchExchange } from "urql";
import { currentToken } from "./session";

export function createClient(): Client {
  return new Client({
    url: "/graphql",
    exchanges: [cacheExchange, fetchExchange],
    preferGetMethod: false,
    fetchOptions: (): RequestInit => {
      const token = currentToken();
      return token ? { headers: { authorization: `Bearer ${token}` } } : {};
    },
  });
}

/** The API's error code (extensions.code) and message of a failed operation, for display. */
export function errorMessage(error: { graphQLErrors: { message: string; extensions?: Record<string, unknown> }[]; networkError?: Error; message: string }): string {
  const first = error.graphQLErrors[0];
  if (first) return first.message;
  return error.networkError?.message ?? error.message;
}
