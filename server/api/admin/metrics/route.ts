import { ErrorCode } from "@/contracts/errors";
import type { AdminMetricsResponse } from "@/contracts/metrics";
import { AppError } from "@/server/errors";
import { json, withAuth } from "@/server/http/route";
import { currentMetrics } from "@/server/metrics/registry";

/** Admins: 200 seed 002's SocketMetrics plus ours and the last 15 minutes (contracts/metrics.ts). */
export const GET = withAuth(async () => {
  const metrics = currentMetrics();
  if (!metrics) throw new AppError(ErrorCode.Unavailable, "realtime metrics are off");
  const body: AdminMetricsResponse = await metrics.withHistory();
  return json(body);
}, { roles: ["admin"] });
