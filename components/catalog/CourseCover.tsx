import type { CourseDto } from "@/contracts/dto";
import { hashOf } from "@/lib/client/format";

/** Hand-picked gradients so every generated cover looks intentional. */
const PALETTE = [
  ["#6366f1", "#a855f7"],
  ["#0ea5e9", "#4f46e5"],
  ["#10b981", "#0e7490"],
  ["#f59e0b", "#e11d48"],
  ["#ec4899", "#7c3aed"],
  ["#14b8a6", "#2563eb"],
  ["#f97316", "#db2777"],
  ["#22c55e", "#0891b2"],
] as const;

/** A generated cover (no images to fetch): a gradient picked from the title, and its initial. */
export function CourseCover({ course, size = "card" }: { course: Pick<CourseDto, "id" | "title">; size?: "card" | "hero" }) {
  const [from, to] = PALETTE[hashOf(course.title) % PALETTE.length] ?? PALETTE[0];
  const style = { background: `linear-gradient(135deg, ${from} 0%, ${to} 100%)` };
  return (
    <div className={`cover cover-${size}`} style={style} aria-hidden="true">
      <span className="cover-letter">{course.title.trim().charAt(0).toUpperCase()}</span>
      <svg className="cover-pattern" viewBox="0 0 200 100" preserveAspectRatio="none">
        <circle cx="170" cy="20" r="60" fill="rgb(255 255 255 / 0.10)" />
        <circle cx="30" cy="110" r="50" fill="rgb(255 255 255 / 0.08)" />
      </svg>
    </div>
  );
}
