import type { PurchaseDto } from "@/contracts/dto";

/** Merges purchases by id, newest first; a live push that the REST list already holds is ignored. */
export function mergePurchases(current: readonly PurchaseDto[], incoming: readonly PurchaseDto[]): PurchaseDto[] {
  const byId = new Map(current.map((p) => [p.id, p]));
  for (const purchase of incoming) byId.set(purchase.id, purchase);
  return [...byId.values()].sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id),
  );
}

export interface PurchaseTotals {
  count: number;
  revenueCents: number;
  learners: number;
  courses: number;
}

export function purchaseTotals(purchases: readonly PurchaseDto[]): PurchaseTotals {
  return {
    count: purchases.length,
    revenueCents: purchases.reduce((sum, p) => sum + p.priceCents, 0),
    learners: new Set(purchases.map((p) => p.learner.id)).size,
    courses: new Set(purchases.map((p) => p.courseId)).size,
  };
}
