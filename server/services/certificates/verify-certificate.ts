import { z } from "zod";
import { Certificate } from "@/models/Certificate";
import { notFound } from "../../errors";

export const certificateIdInput = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "not a certificate id") });

export interface VerifiedCertificate {
  id: string;
  learnerName: string;
  courseTitle: string;
  instructorName: string;
  completedAt: string;
}

/** The public facts of a certificate, for its verify page (SPEC F13). Unknown id: 404. */
export async function verifyCertificate(input: z.infer<typeof certificateIdInput>): Promise<VerifiedCertificate> {
  const c = await Certificate.findById(input.id).lean();
  if (!c) throw notFound("certificate");
  return { id: c._id, learnerName: c.learnerName, courseTitle: c.courseTitle, instructorName: c.instructorName, completedAt: c.completedAt.toISOString() };
}
