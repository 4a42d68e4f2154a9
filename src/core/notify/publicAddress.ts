/**
 * Which network addresses webhooks may be delivered to. A tenant's ADMIN chooses webhook URLs,
 * so without this a URL could make the service call its own network (cloud metadata at
 * 169.254.169.254, the database, admin ports): only public unicast addresses are allowed,
 * unless the operator allows private networks (TRIBUTARY_WEBHOOK_ALLOW_PRIVATE).
 */
import ipaddr from "ipaddr.js";

/** True for a public unicast IPv4 or IPv6 address (an IPv4-mapped IPv6 address counts as its IPv4). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}

/** The host of a URL as an IP address when it is one (IPv6 without its brackets), else null. */
export function literalAddress(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return ipaddr.isValid(host) ? host : null;
}

/** Why a webhook may not be sent to these addresses (the first that is not public), or null. */
export function addressRefusal(addresses: readonly string[]): string | null {
  const refused = addresses.find((address) => !isPublicAddress(address));
  return refused === undefined
    ? null
    : `webhook address ${refused} is not public: webhooks are delivered to public addresses only (TRIBUTARY_WEBHOOK_ALLOW_PRIVATE=1 allows private networks)`;
}
