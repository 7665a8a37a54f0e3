import type { Metadata } from "next";
import { LessonPage } from "@/components/lesson/LessonPage";
import { courseFromApi as loadCoursePage } from "../../../course-from-api";

type Params = Promise<{ id: string; lessonId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { id, lessonId } = await params;
  const data = await loadCoursePage(id);
  const lesson = data?.course.lessons.find((l) => l.id === lessonId);
  if (!data || !lesson) return { title: "Lesson not found" };
  return {
    title: `${lesson.title} · ${data.course.title}`,
    description: lesson.description || `A lesson of ${data.course.title}: ${data.course.summary}`,
  };
}

/** Rendered on the server with its course (the anonymous view); the player's signed URL comes from the browser's fetch. */
export default async function Page({ params }: { params: Params }) {
  const { id, lessonId } = await params;
  return <LessonPage courseId={id} lessonId={lessonId} initial={await loadCoursePage(id)} />;
}
