import { Types } from "mongoose";
import { Course, type CourseDoc } from "@/models/Course";
import { Purchase } from "@/models/Purchase";
import type { Actor } from "../../auth/actor";
import { notFound } from "../../errors";
import { caches } from "../caches";

export interface LessonAccess {
  courseId: Types.ObjectId;
  instructorId: Types.ObjectId;
  /** Buyers of the course, its instructor and admins: may read and post. */
  member: boolean;
  /** The course's first lesson is a free preview: any signed-in user may read (and listen to) its Q&A. */
  preview: boolean;
}

type LessonPlace = Omit<LessonAccess, "member">;

/**
 * Every `watchingVideo` and lesson page asks this, so both answers are cached (caches.ts): a lesson's
 * course, instructor and preview flag never change (courses are not edited), and a purchase is never
 * undone, so "bought" is kept and "not bought" never is: a purchase made on any node lets the learner
 * watch on every node at once, with no invalidation to send. Asking again for "not bought" costs one
 * indexed lookup, on a path where the answer is a refusal.
 */
const places = () => caches.lessonPlaces<LessonPlace>();
const purchases = caches.purchases;
const purchaseKey = (learnerId: string, courseId: string) => `${learnerId}:${courseId}`;

/** Who may do what on a lesson's Q&A (SPEC F8). Unknown lesson: 404. */
export async function lessonAccess(lessonId: string, actor: Actor): Promise<LessonAccess> {
  const place = await lessonPlace(lessonId);
  return { ...place, member: await isMember(place, actor) };
}

/**
 * Whether `actor` may watch the lesson and follow its Q&A: anyone signed in the free preview, else
 * the course's members. Unknown lesson: 404. The preview needs no purchase lookup.
 */
export async function mayFollowLesson(lessonId: string, actor: Actor): Promise<boolean> {
  const place = await lessonPlace(lessonId);
  return place.preview || (await isMember(place, actor));
}

/**
 * The same rule for a course at hand (the course DTO): the ids of the lessons `actor` may watch.
 * Anonymous callers watch nothing; anyone signed in the preview; members every lesson.
 */
export function watchableLessonIds(
  course: Pick<CourseDoc, "instructor" | "lessons">,
  actor: Actor | null,
  bought: boolean,
): Set<string> {
  if (!actor) return new Set();
  const member = isStaff(course.instructor, actor) || (actor.role === "learner" && bought);
  if (member) return new Set(course.lessons.map((l) => l._id.toString()));
  const preview = previewLesson(course.lessons);
  return new Set(preview ? [preview._id.toString()] : []);
}

/** The course's first lesson (by position) is its free preview. */
function previewLesson<L extends { position: number }>(lessons: L[]): L | undefined {
  return [...lessons].sort((a, b) => a.position - b.position)[0];
}

/** Admins and the course's own instructor are members without buying. */
function isStaff(instructorId: Types.ObjectId, actor: Actor): boolean {
  return actor.role === "admin" || instructorId.equals(actor.userId);
}

async function lessonPlace(lessonId: string): Promise<LessonPlace> {
  const place = await places().get(lessonId, () => loadPlace(lessonId));
  if (!place) throw notFound("lesson");
  return place;
}

async function isMember(place: LessonPlace, actor: Actor): Promise<boolean> {
  if (isStaff(place.instructorId, actor)) return true;
  if (actor.role !== "learner") return false;
  const key = purchaseKey(actor.userId, place.courseId.toString());
  if (purchases().peek(key)) return true;
  const bought = (await Purchase.exists({ learner: new Types.ObjectId(actor.userId), course: place.courseId })) !== null;
  if (bought) purchases().set(key, true);
  return bought;
}

async function loadPlace(lessonId: string): Promise<LessonPlace | null> {
  const lid = new Types.ObjectId(lessonId);
  const course = (await Course.findOne({ "lessons._id": lid }, { instructor: 1, lessons: 1 }).lean()) as Pick<
    CourseDoc,
    "_id" | "instructor" | "lessons"
  > | null;
  if (!course) return null;
  const first = previewLesson(course.lessons);
  return { courseId: course._id, instructorId: course.instructor, preview: first?._id.equals(lid) ?? false };
}
