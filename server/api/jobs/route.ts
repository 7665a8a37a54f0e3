import { readJson } from "@/server/http/body";
import { json, withAuth } from "@/server/http/route";
import { startJob, startJobInput } from "@/server/services/jobs/start-job";
import { parseInput } from "@/server/validation";

/**
 * `{ jobId, kind, params }` -> 202 `{ jobId, state, ... }` (register the id first to hear progress and
 * the result). 400 unknown kind or bad params, 403 someone else's id or a kind the caller may not start,
 * 409 the id already runs another kind.
 */
export const POST = withAuth(async ({ req, auth }) => {
  const state = await startJob(parseInput(startJobInput, await readJson(req)), auth, new URL(req.url).origin);
  return json(state, 202);
});
