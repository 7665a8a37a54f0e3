import { getHealth } from "@/server/services/health";
import { json } from "@/server/http/route";

/** 200 `HealthDto` when the db is connected, else 503 with the same body (for probes). */
export function GET(): Response {
  const health = getHealth();
  return json(health, health.status === "ok" ? 200 : 503);
}
