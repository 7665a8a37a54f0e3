import { Types } from "mongoose";
import { z } from "zod";
import { relate } from "../presence/visibility";
import type { PurchaseDto } from "@/contracts/dto";
import { ErrorCode } from "@/contracts/errors";
import { objectId } from "@/contracts/schemas";
import { Course } from "@/models/Course";
import { Purchase, toPurchaseDto, type PurchaseDoc } from "@/models/Purchase";
import { User, toPublicUserDto } from "@/models/User";
import type { Actor } from "../../auth/actor";
import { AppError, forbidden, isDuplicateKey, notFound } from "../../errors";
import type { RealtimeEvent, WithEvents } from "../events";
import { createNotifications } from "../notifications/create";

export interface PurchaseOutcome {
  purchase: PurchaseDto;
  /** False when the learner already owned the course: nothing was recorded or announced. */
  created: boolean;
}

export const purchaseCourseInput = z.object({ courseId: objectId });

/**
 * Records a purchase once per learner and course (the unique index decides), then notifies every
 * admin and the course's instructor, and streams the purchase to the admin dashboard.
 */
export async function purchaseCourse(
  input: z.output<typeof purchaseCourseInput>,
  actor: Actor,
): Promise<WithEvents<PurchaseOutcome>> {
  if (actor.role !== "learner") throw forbidden("only learner accounts can buy courses");
  const courseId = new Types.ObjectId(input.courseId);
  const learnerId = new Types.ObjectId(actor.userId);
  const [course, learner] = await Promise.all([
    Course.findById(courseId, { title: 1, slug: 1, instructor: 1, priceCents: 1, currency: 1 }).lean(),
    User.findById(learnerId, { name: 1, role: 1 }).lean(),
  ]);
  if (!course) throw notFound("course");
  if (!learner) throw new AppError(ErrorCode.Unauthenticated, "account no longer exists");
  const learnerDto = toPublicUserDto(learner);

  let doc: PurchaseDoc;
  try {
    const created = await Purchase.create({
      learner: learnerId,
      course: courseId,
      priceCents: course.priceCents,
      currency: course.currency,
    });
    doc = created.toObject();
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    const existing = (await Purchase.findOne({ learner: learnerId, course: courseId }).lean()) as PurchaseDoc | null;
    if (!existing) throw e;
    return { result: { purchase: toPurchaseDto(existing, course, learnerDto), created: false }, events: [] };
  }

  relate(actor.userId, course.instructor.toString());
  const purchase = toPurchaseDto(doc, course, learnerDto);
  const admins = await User.find({ role: "admin" }, { _id: 1 }).lean();
  const instructorId = course.instructor.toString();
  const recipients = [...new Set([...admins.map((a) => a._id.toString()), instructorId])].map(
    (id) => new Types.ObjectId(id),
  );
  const adminIds = new Set(admins.map((a) => a._id.toString()));
  const notified = await createNotifications(recipients, (recipient) => ({
    type: "course_purchased",
    title: "New purchase",
    message: `${learnerDto.name} bought "${course.title}"`,
    link: adminIds.has(recipient.toString()) ? "/admin" : `/courses/${course._id.toString()}`,
  }));
  const events: RealtimeEvent[] = [
    ...notified.events,
    { to: { adminDashboard: true }, event: "purchaseCreated", payload: purchase },
  ];
  return { result: { purchase, created: true }, events };
}
