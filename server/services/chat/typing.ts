import type { TypingPayload } from "@/contracts/schemas";
import type { Actor } from "../../auth/actor";
import type { WithEvents } from "../events";
import { memberConversation } from "./conversations";
import { audienceOf } from "./rules";

/**
 * `typing`: members only (else 404). Relayed volatile (a missed indicator is harmless) to the other
 * members' tabs; never to any tab of the typist.
 */
export async function relayTyping(payload: TypingPayload, actor: Actor): Promise<WithEvents<null>> {
  const conv = await memberConversation(actor, payload.conversationId);
  return {
    result: null,
    events: [
      {
        to: audienceOf(conv),
        exceptUsers: [actor.userId],
        delivery: "volatile",
        event: "typing",
        payload: { conversationId: conv.id, userId: actor.userId, isTyping: payload.isTyping },
      },
    ],
  };
}
