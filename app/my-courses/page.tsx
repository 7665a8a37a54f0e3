import type { Metadata } from "next";
import { MyCoursesPage } from "@/components/my-courses/MyCoursesPage";

export const metadata: Metadata = { title: "My courses" };

export default function Page() {
  return <MyCoursesPage />;
}
