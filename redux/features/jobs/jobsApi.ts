import type { JobStateDto } from "@/contracts/jobs";
import { api } from "../../api";

/** `POST /api/jobs` (SPEC F13); progress and results arrive over the socket (hooks/useJob.ts). */
export const jobsApi = api.injectEndpoints({
  endpoints: (build) => ({
    startJob: build.mutation<JobStateDto, { jobId: string; kind: string; params: Record<string, unknown> }>({
      query: (body) => ({ url: "/jobs", method: "POST", body }),
    }),
  }),
});

export const { useStartJobMutation } = jobsApi;
