/**
 * Binding the HTTP port: the first thing the server does that can fail for reasons outside
 * it, so it comes before anything that is shown only once (the demo tenant's token).
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

export class ListenError extends Error {
  override name = "ListenError";
}

/** Listens on host:port and answers the URL; a port or address it cannot have is a ListenError. */
export function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(listenError(error, port, host));
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      const bound = (server.address() as AddressInfo).port;
      resolve(`http://${host.includes(":") ? `[${host}]` : host}:${bound}`);
    });
  });
}

function listenError(error: NodeJS.ErrnoException, port: number, host: string): Error {
  const reason = {
    EADDRINUSE: `port ${port} on ${host} is already in use`,
    EACCES: `this user may not listen on port ${port}`,
    EADDRNOTAVAIL: `${host} is not an address of this machine`,
  }[error.code ?? ""];
  if (!reason) return error;
  return new ListenError(
    [
      `Cannot start the server: ${reason} (${error.code}).`,
      "The environment variable PORT sets the port (PORT=0 takes any free one) and HOST the address,",
      `e.g. PORT=${port === 4000 ? 4001 : 4000} npx tributary serve`,
    ].join("\n"),
  );
}
