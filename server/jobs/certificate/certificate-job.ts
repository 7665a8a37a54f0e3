import { randomBytes } from "node:crypto";
import { Types } from "mongoose";
import { certificateParams } from "@/contracts/jobs";
import { Certificate } from "@/models/Certificate";
import { Course } from "@/models/Course";
import { LessonProgress } from "@/models/LessonProgress";
import { Purchase } from "@/models/Purchase";
import { User } from "@/models/User";
import { forbidden, isDuplicateKey } from "../../errors";
import { deleteFile, saveBuffer } from "../files";
import { defineJob, JobFailure, type JobContext } from "../types";
import { describeMissing, missingLessons } from "./eligibility";
import { renderCertificatePdf } from "./pdf";

/**
 * `certificate { courseId }`: a learner who owns the course and completed every lesson gets a PDF.
 * Issued once per learner and course: the unique index picks one certificate, and a retry or a
 * second job finds it (with its file, or writes the file it lacks).
 */
export const certificateJob = defineJob({
  kind: "certificate",
  params: certificateParams,
  concurrency: 4,
  timeoutMs: 60_000,
  authorize(actor) {
    if (actor.role !== "learner") throw forbidden("certificates are for learners");
  },
  async run({ courseId }, ctx) {
    await ctx.progress(5, "checking your lessons");
    const learner = new Types.ObjectId(ctx.owner.userId);
    const course = await Course.findById(courseId, { title: 1, slug: 1, instructor: 1, lessons: 1 }).lean();
    if (!course) throw new JobFailure("course not found");
    if (!(await Purchase.exists({ learner, course: course._id }))) throw new JobFailure("you do not own this course");
    const done = await LessonProgress.find({ learner, course: course._id, completed: true }, { lesson: 1, completedAt: 1 }).lean();
    const lessons = [...course.lessons].sort((a, b) => a.position - b.position).map((l) => ({ id: l._id.toString(), title: l.title }));
    const missing = missingLessons(lessons, new Set(done.map((d) => d.lesson.toString())));
    if (lessons.length === 0 || missing.length > 0) throw new JobFailure(describeMissing(missing, lessons.length));
    await ctx.progress(25, "issuing your certificate");
    const completedAtMs = Math.max(...done.map((d) => d.completedAt?.getTime() ?? Date.now()));
    const cert = await issue(ctx, course, completedAtMs);
    const filename = `certificate-${course.slug}.pdf`;
    const verifyUrl = `${ctx.origin}/certificates/${cert._id}`;
    if (cert.fileId) return { fileId: cert.fileId, data: { filename, contentType: "application/pdf", size: cert.size, verifyUrl } };
    await ctx.progress(50, "drawing the PDF");
    const pdf = await renderCertificatePdf({ ...cert, id: cert._id, verifyUrl });
    await ctx.progress(80, "storing the PDF");
    const file = await saveBuffer(filename, "application/pdf", pdf);
    const claimed = await Certificate.updateOne({ _id: cert._id, fileId: null }, { $set: { fileId: file.id, size: file.size } });
    if (claimed.modifiedCount === 1) return { fileId: file.id, data: { filename, contentType: "application/pdf", size: file.size, verifyUrl } };
    // Another run stored it first: keep theirs.
    await deleteFile(file.id);
    const stored = await Certificate.findById(cert._id).lean();
    if (!stored?.fileId) throw new JobFailure("the certificate file could not be stored; try again");
    return { fileId: stored.fileId, data: { filename, contentType: "application/pdf", size: stored.size, verifyUrl } };
  },
});

interface CourseRef {
  _id: Types.ObjectId;
  title: string;
  instructor: Types.ObjectId;
}

/** The learner's certificate for the course, created on first issue (the unique index settles races). */
async function issue(ctx: JobContext, course: CourseRef, completedAtMs: number) {
  const learner = new Types.ObjectId(ctx.owner.userId);
  const existing = await Certificate.findOne({ learner, course: course._id }).lean();
  if (existing) return existing;
  const [user, instructor] = await Promise.all([
    User.findById(learner, { name: 1 }).lean(),
    User.findById(course.instructor, { name: 1 }).lean(),
  ]);
  try {
    const created = await Certificate.create({
      _id: randomBytes(12).toString("base64url"),
      learner,
      course: course._id,
      learnerName: user?.name ?? ctx.owner.name,
      courseTitle: course.title,
      instructorName: instructor?.name ?? "LearnLive",
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose's NativeDate is Date
      completedAt: new Date(completedAtMs),
    });
    return created.toObject();
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    const raced = await Certificate.findOne({ learner, course: course._id }).lean();
    if (!raced) throw e;
    return raced;
  }
}
