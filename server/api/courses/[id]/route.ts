import { json, route } from "@/server/http/route";
import { getCourse, getCourseInput } from "@/server/services/courses/get-course";
import { parseInput } from "@/server/validation";

/** 200 `{ course, owned }`; `:id` is the course id or slug; `owned` needs a valid token. */
export const GET = route<{ id: string }>({ auth: "optional" }, async ({ params, auth }) =>
  json(await getCourse(parseInput(getCourseInput, { idOrSlug: params.id }), auth)),
);
