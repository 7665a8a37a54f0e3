import type { SaveProgressResponse } from "@/contracts/progress";
import { readBodyWith } from "@/server/http/body";
import { json, withAuth } from "@/server/http/route";
import { saveProgress, saveProgressInput } from "@/server/services/progress/save-progress";
import { parseInput } from "@/server/validation";

/** Learners who may watch the lesson. 200 `{ progress }`; 400 bad body, 403 not theirs to watch, 404 unknown lesson. */
export const PUT = withAuth<{ id: string }>(async ({ req, params, auth }) => {
  const progress = await saveProgress(parseInput(saveProgressInput, await readBodyWith(req, { lessonId: params.id })), auth);
  const body: SaveProgressResponse = { progress };
  return json(body);
});
