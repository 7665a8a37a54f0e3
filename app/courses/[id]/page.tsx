import type { Metadata } from "next";
import { CoursePage } from "@/components/course/CoursePage";
import { courseFromApi as loadCoursePage } from "../course-from-api";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const data = await loadCoursePage((await params).id);
  if (!data) return { title: "Course not found" };
  return { title: data.course.title, description: data.course.summary };
}

/** Rendered on the server with the course (the anonymous view), then kept live in the browser. */
export default async function Page({ params }: { params: Params }) {
  const { id } = await params;
  return <CoursePage id={id} initial={await loadCoursePage(id)} />;
}
