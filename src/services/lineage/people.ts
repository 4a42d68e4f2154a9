/** The people who must hear about a change to an asset: its owners and its subscribers. */
import type { TenantContext } from "../actor.js";

export interface Person {
  id: string;
  name: string | null;
  email: string | null;
  handle: string | null;
}

export interface AssetPeople {
  owners: Person[];
  subscribers: Person[];
}

/** Owners and subscribers of each asset, in one query each; assets without any get empty lists. */
export async function peopleOfAssets(ctx: TenantContext, assetIds: readonly string[]): Promise<Map<string, AssetPeople>> {
  const ids = [...new Set(assetIds)];
  const people = new Map<string, AssetPeople>(ids.map((id) => [id, { owners: [], subscribers: [] }]));
  if (ids.length === 0) return people;
  const select = { assetId: true, owner: { select: { id: true, name: true, email: true, handle: true, key: true } } } as const;
  const [owned, subscribed] = await Promise.all([
    ctx.db.assetOwner.findMany({ where: { assetId: { in: ids } }, select, orderBy: [{ owner: { key: "asc" } }] }),
    ctx.db.subscription.findMany({ where: { assetId: { in: ids } }, select, orderBy: [{ owner: { key: "asc" } }] }),
  ]);
  const person = ({ owner }: (typeof owned)[number]): Person => ({ id: owner.id, name: owner.name, email: owner.email, handle: owner.handle });
  for (const row of owned) people.get(row.assetId)!.owners.push(person(row));
  for (const row of subscribed) people.get(row.assetId)!.subscribers.push(person(row));
  return people;
}
