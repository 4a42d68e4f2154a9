/** The impact JSON the server stores with a change request (services/changes/downstream.ts). */
export interface StoredImpact {
  assets?: { uniqueId: string; name: string; kind: string; project: string; degree: number }[];
  exposures?: { uniqueId: string; name: string; kind: string; project: string; degree: number }[];
  owners?: ImpactOwner[];
}

export interface ImpactOwner {
  key: string;
  name: string | null;
  email: string | null;
  assets: string[];
}

/** How an owner the impact reached is named: name, else email, else the owner key. */
export const impactOwnerName = (owner: ImpactOwner): string => owner.name ?? owner.email ?? owner.key;
