import {
  conversationPayload,
  markAsReadPayload,
  messageDeliveredPayload,
  messagePayload,
  typingPayload,
} from "@/contracts/schemas";
import { memberConversation } from "../../services/chat/conversations";
import { markAsRead, markDelivered } from "../../services/chat/mark-read";
import { relayTyping } from "../../services/chat/typing";
import { defineEvent, type ClientEventTable } from "../on-event";

/**
 * Chat (SPEC F5): `message` + ack, receipts (`messageDelivered`, `markAsRead`), `typing` (at most
 * 3 per second per socket; extra ones are dropped), and `joinConversation`/`leaveConversation` (an open
 * chat window, which suppresses "new message" notifications). The sender is always the token's user.
 */
export const chatEvents = {
  message: defineEvent({
    schema: messagePayload,
    rate: [20, 5],
    traced: true,
    async handle(payload, { actor, realtime, services, trace }) {
      const isViewing = (userId: string, conversationId: string) => realtime.hasConnection(userId, { conversation: conversationId });
      const { result, events, later } = await services.sendMessage(payload, actor, isViewing, trace);
      realtime.emit(events);
      trace?.mark("delivered");
      if (later) void later.then((more) => { realtime.emit(more); });
      return result;
    },
  }),
  messageDelivered: defineEvent({
    schema: messageDeliveredPayload,
    rate: [20, 5],
    async handle(payload, { actor, realtime }) {
      const { result, events } = await markDelivered(payload, actor);
      realtime.emit(events);
      return result;
    },
  }),
  markAsRead: defineEvent({
    schema: markAsReadPayload,
    rate: [20, 5],
    async handle(payload, { actor, realtime }) {
      const { result, events } = await markAsRead(payload, actor);
      realtime.emit(events);
      return result;
    },
  }),
  typing: defineEvent({
    schema: typingPayload,
    rate: [3, 3],
    async handle(payload, { actor, realtime }) {
      realtime.emit((await relayTyping(payload, actor)).events);
      return null;
    },
  }),
  joinConversation: defineEvent({
    schema: conversationPayload,
    rate: [10, 2],
    async handle({ conversationId }, { actor, conn }) {
      await memberConversation(actor, conversationId);
      await conn.join({ conversation: conversationId });
      return null;
    },
  }),
  leaveConversation: defineEvent({
    schema: conversationPayload,
    rate: [10, 2],
    async handle({ conversationId }, { conn }) {
      await conn.leave({ conversation: conversationId });
      return null;
    },
  }),
} satisfies Partial<ClientEventTable>;
