/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types SchemaTypeOptions as a class, but schema definitions are plain option objects by design. */
import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import type { JobResultPayload, JobStateDto } from "@/contracts/jobs";

export const JobStates = ["registered", "queued", "running", "completed", "failed"] as const;

/**
 * What a user sees of a job (SPEC F13): its owner (whoever registered or started the id first),
 * progress and result. The queue itself (when and where it runs, locks, retries) is Agenda's
 * collection `agendaJobs`; this one is the user-facing record, keyed by the client's job id.
 */
const jobRecordSchema = new Schema(
  {
    jobId: { type: String, required: true, maxlength: 100 },
    owner: { type: Schema.Types.ObjectId, ref: "User", required: true },
    kind: { type: String, default: null },
    params: { type: Schema.Types.Mixed, default: null },
    /** The site's origin when it was started (verify URLs printed on certificates; PUBLIC_URL wins). */
    origin: { type: String, default: "" },
    state: { type: String, enum: JobStates, required: true, default: "registered" },
    progress: { type: Number, default: 0, min: 0, max: 100 },
    stage: { type: String, default: "" },
    /** Times a worker started it; a worker that died mid-run leaves it to be started again. */
    attempts: { type: Number, default: 0 },
    result: { type: Schema.Types.Mixed, default: null },
    /** The GridFS file the result's `url` serves (never sent to clients). */
    fileId: { type: Schema.Types.ObjectId, default: null },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
// A job id names one job: the unique index is what makes "first registrant owns it" hold under races.
jobRecordSchema.index({ jobId: 1 }, { unique: true });
jobRecordSchema.index({ state: 1 });
// The retention sweep keeps a file while a record still refers to it (server/jobs/retention.ts).
jobRecordSchema.index({ fileId: 1 });

export type JobRecordDoc = InferSchemaType<typeof jobRecordSchema> & { _id: Types.ObjectId };

const createModel = () => mongoose.model("JobRecord", jobRecordSchema);
export const JobRecord = (mongoose.models.JobRecord as ReturnType<typeof createModel> | undefined) ?? createModel();

export function toJobStateDto(r: Pick<JobRecordDoc, "jobId" | "kind" | "state" | "progress" | "stage" | "result">): JobStateDto {
  return {
    jobId: r.jobId,
    kind: r.kind ?? null,
    state: r.state,
    progress: r.progress,
    stage: r.stage,
    result: (r.result as JobResultPayload | null) ?? null,
  };
}
