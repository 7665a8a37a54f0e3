/** Certificate eligibility (SPEC F13): every lesson of the course complete. Pure, so it is unit-tested. */

export interface LessonRef {
  id: string;
  title: string;
}

/** The lessons not complete yet, in course order. */
export function missingLessons(lessons: readonly LessonRef[], completedIds: ReadonlySet<string>): LessonRef[] {
  return lessons.filter((l) => !completedIds.has(l.id));
}

/** "2 of 5 lessons are not complete yet: Generics without fear, A strict project setup" */
export function describeMissing(missing: readonly LessonRef[], total: number): string {
  const names = missing.slice(0, 3).map((l) => l.title).join(", ");
  const more = missing.length > 3 ? `, and ${missing.length - 3} more` : "";
  const verb = missing.length === 1 ? "lesson is" : "lessons are";
  return `${missing.length} of ${total} ${verb} not complete yet: ${names}${more}`;
}
