import { json, withAuth } from "@/server/http/route";
import { getJob, jobIdInput } from "@/server/services/jobs/register-job";
import { parseInput } from "@/server/validation";

/** The owner's view of a job: 200 JobStateDto; 404 unknown or someone else's. */
export const GET = withAuth<{ jobId: string }>(async ({ params, auth }) => {
  return json(await getJob(parseInput(jobIdInput, { jobId: params.jobId }), auth));
});
