/**
 * Varied, deterministic prose for generated descriptions. Real catalogs have tens of thousands
 * of distinct, often long column and model descriptions; a handful of repeated phrases makes
 * full-text search look far cheaper than it is (few distinct lexemes, tiny posting lists).
 * Sentences are drawn from a word list with a seeded generator: the same seed gives the same text.
 */
import type { Random } from "./graph.js";

const SUBJECTS = [
  "customer", "order", "payment", "invoice", "subscription", "shipment", "refund", "session", "campaign", "account",
  "merchant", "supplier", "warehouse", "ticket", "contract", "lead", "opportunity", "product", "variant", "cart",
  "coupon", "channel", "region", "store", "employee", "device", "event", "transaction", "ledger", "balance",
  "forecast", "budget", "cohort", "segment", "partner", "carrier", "return", "review", "claim", "policy",
];
const QUALIFIERS = [
  "gross", "net", "daily", "monthly", "lifetime", "first", "last", "average", "median", "total", "active", "churned",
  "pending", "settled", "disputed", "recurring", "one-off", "domestic", "international", "estimated", "adjusted",
  "reported", "billable", "deferred", "attributed", "organic", "paid", "trial", "enterprise", "self-serve",
];
const MEASURES = [
  "revenue", "margin", "count", "amount", "rate", "duration", "latency", "balance", "score", "share", "spend",
  "conversion", "retention", "acquisition cost", "discount", "tax", "fee", "quantity", "weight", "distance",
  "timestamp", "identifier", "status", "flag", "currency code", "exchange rate", "probability", "rank", "version",
];
const VERBS = [
  "computed from", "derived from", "copied from", "aggregated over", "deduplicated against", "joined with",
  "reconciled with", "filtered to", "rounded from", "converted from", "backfilled from", "validated against",
  "snapshotted from", "allocated across", "normalised from", "sampled from", "masked from", "hashed from",
];
const SOURCES = [
  "the billing system", "the CRM export", "the event stream", "the warehouse ledger", "the payments provider",
  "the marketing platform", "the support desk", "the product catalogue", "the finance close", "the ERP feed",
  "the web analytics tag", "the mobile SDK", "the partner API", "the data science model", "the legacy mainframe",
];
const CAVEATS = [
  "Null until the record is confirmed.", "Excludes test accounts and internal staff.", "Late-arriving rows are restated nightly.",
  "Values before 2019 were migrated and may be incomplete.", "Reported in the account's home currency.",
  "Refreshed every hour; see the freshness check.", "Sensitive: masked for analysts without finance access.",
  "Kept for audit even after the parent row is deleted.", "Rounded to two decimals after conversion.",
  "Deprecated: prefer the reconciled column downstream.", "May double-count orders split across shipments.",
  "Matches the definition agreed with the finance team.", "Time zone is UTC unless stated otherwise.",
];

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** One sentence such as "Net revenue of the order, derived from the billing system." */
function sentence(random: Random): string {
  const measure = `${pick(random, QUALIFIERS)} ${pick(random, MEASURES)}`;
  const text = `${measure} of the ${pick(random, SUBJECTS)}, ${pick(random, VERBS)} ${pick(random, SOURCES)}`;
  const tail = random() < 0.4 ? ` per ${pick(random, SUBJECTS)} and ${pick(random, QUALIFIERS)} ${pick(random, SUBJECTS)}` : "";
  return `${text[0]!.toUpperCase()}${text.slice(1)}${tail}.`;
}

/**
 * A description of 1–`maxSentences` sentences (long ones now and then), with a caveat on about
 * a third. Millions of combinations, so nearly every description in a tenant is distinct.
 */
export function variedDescription(random: Random, maxSentences = 4): string {
  const count = 1 + Math.floor(random() * random() * maxSentences);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(sentence(random));
  if (random() < 0.35) parts.push(pick(random, CAVEATS));
  return parts.join(" ");
}
