import { json, withAuth } from "@/server/http/route";
import { supportContact } from "@/server/services/chat/support-contact";

/** 200 `{ agent: { id, name } }`: whom a learner or instructor writes to for support. Admins: 403. */
export const GET = withAuth(async ({ auth }) => json(await supportContact(auth)));
