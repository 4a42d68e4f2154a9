/**
 * The HTTP client webhooks are delivered with. Unless private networks are allowed, every
 * address a host name resolves to is checked when the connection is made, not beforehand: a
 * host that resolves to a public address when checked and to a private one when connecting
 * (DNS rebinding) is still refused. URLs whose host is an IP address are checked by
 * `refused` before connecting, since no lookup happens for them.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { Agent } from "undici";
import { addressRefusal, literalAddress } from "../core/notify/publicAddress.js";

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

export interface DeliveryNetwork {
  dispatcher: Agent;
  /** Why a URL may not be called (its host is a private IP address), or null. */
  refused(url: string): string | null;
}

export function deliveryNetwork(allowPrivateNetworks: boolean): DeliveryNetwork {
  if (allowPrivateNetworks) return { dispatcher: new Agent(), refused: () => null };
  return {
    dispatcher: new Agent({ connect: { lookup: publicOnlyLookup } }),
    refused(url) {
      const address = literalAddress(new URL(url));
      return address === null ? null : addressRefusal([address]);
    },
  };
}

function publicOnlyLookup(hostname: string, options: { all?: boolean }, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addressRefusal(addresses.map((entry) => entry.address));
    if (refused) return callback(new Error(refused), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}
