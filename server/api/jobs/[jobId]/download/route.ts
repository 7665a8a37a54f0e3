import { Readable } from "node:stream";
import { withAuth } from "@/server/http/route";
import { jobFile, jobIdInput } from "@/server/services/jobs/job-file";
import { parseInput } from "@/server/validation";

/** The file of a finished job, streamed from GridFS to its owner only (others and unknown ids: 404). */
export const GET = withAuth<{ jobId: string }>(async ({ params, auth }) => {
  const file = await jobFile(parseInput(jobIdInput, { jobId: params.jobId }), auth);
  const ascii = file.filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return new Response(Readable.toWeb(file.stream) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.size),
      "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
