import { json, withAuth } from "@/server/http/route";
import { emitEvents } from "@/server/realtime/broadcaster";
import { purchaseCourse, purchaseCourseInput } from "@/server/services/purchases/purchase-course";
import { parseInput } from "@/server/validation";

/** Learners only. 201 `{ purchase, created: true }` the first time, 200 `{ purchase, created: false }` after. */
export const POST = withAuth<{ id: string }>(
  async ({ params, auth }) => {
    const { result, events } = await purchaseCourse(parseInput(purchaseCourseInput, { courseId: params.id }), auth);
    emitEvents(events);
    return json(result, result.created ? 201 : 200);
  },
  { roles: ["learner"] },
);
