import { json, withAuth } from "@/server/http/route";
import { listRecentPurchases } from "@/server/services/purchases/list-recent";

/** Admins: 200 `{ purchases: PurchaseDto[] }`, newest first, at most 50. */
export const GET = withAuth(async () => json({ purchases: await listRecentPurchases(50) }), { roles: ["admin"] });
