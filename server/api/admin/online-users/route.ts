import { ErrorCode } from "@/contracts/errors";
import type { OnlineUsersResponse } from "@/contracts/metrics";
import { AppError } from "@/server/errors";
import { queryOf } from "@/server/http/body";
import { json, withAuth } from "@/server/http/route";
import { currentMetrics } from "@/server/metrics/registry";
import { listOnlineUsers, onlineUsersInput } from "@/server/services/admin/online-users";
import { parseInput } from "@/server/validation";

/** Admins: 200 `{ users: OnlineUserDto[] }`, everyone online now (`?ids=` narrows to those users). */
export const GET = withAuth(async ({ req }) => {
  const input = parseInput(onlineUsersInput, queryOf(req));
  const metrics = currentMetrics();
  if (!metrics) throw new AppError(ErrorCode.Unavailable, "realtime metrics are off");
  const body: OnlineUsersResponse = { users: await listOnlineUsers(await metrics.onlineList(), input) };
  return json(body);
}, { roles: ["admin"] });
