/** The impact JSON the server stores with a change request (services/changes/downstream.ts). */
export interface StoredImpact {
  assets?: { uniqueId: string; name: string; kind: string; project: string; degree: number }[];
  exposures?: { uniqueId: string; name: string; kind: string; project: string; degree: number }[];
  owners?: { key: string; name: string | null; email: string | null; assets: string[] }[];
}
