import { permanentRedirect } from "next/navigation";

/** The catalog lives at `/`; `/courses` (the parent of every course page) leads there. */
export default function CoursesIndex(): never {
  permanentRedirect("/");
}
