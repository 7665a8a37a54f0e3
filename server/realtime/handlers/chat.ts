import {
  conversationPayload,
  markAsReadPayload,
  messageDeliveredPayload,
  messagePayload,
  typingPayload,
} from "@/contracts/schemas";
import { rooms } from "@/contracts/socket";
import { memberConversation } from "../../services/chat/conversations";
import { markAsRead, markDelivered } from "../../services/chat/mark-read";
import { relayTyping } from "../../services/chat/typing";
import { isViewingConversation } from "../conversation-viewers";
import { emitEvents } from "../emit";
import { defineEvent } from "../on-event";

/**
 * Chat (SPEC F5): `message` + ack, receipts (`messageDelivered`, `markAsRead`), `typing` (at most
 * 3 per second per socket; extra ones are dropped), and `joinConversation`/`leaveConversation` (an open
 * chat window, which suppresses "new message" notifications). The sender is always the token's user.
 */
export const chatEvents = {
  message: defineEvent({
    schema: messagePayload,
    rate: [20, 5],
    async handle(payload, { actor, io, services }) {
      const isViewing = (userId: string, conversationId: string) => isViewingConversation(io, userId, conversationId);
      const { result, events, later } = await services.sendMessage(payload, actor, isViewing);
      emitEvents(events);
      if (later) void later.then(emitEvents);
      return result;
    },
  }),
  messageDelivered: defineEvent({
    schema: messageDeliveredPayload,
    rate: [20, 5],
    async handle(payload, { actor }) {
      const { result, events } = await markDelivered(payload, actor);
      emitEvents(events);
      return result;
    },
  }),
  markAsRead: defineEvent({
    schema: markAsReadPayload,
    rate: [20, 5],
    async handle(payload, { actor }) {
      const { result, events } = await markAsRead(payload, actor);
      emitEvents(events);
      return result;
    },
  }),
  typing: defineEvent({
    schema: typingPayload,
    rate: [3, 3],
    async handle(payload, { actor }) {
      emitEvents((await relayTyping(payload, actor)).events);
      return null;
    },
  }),
  joinConversation: defineEvent({
    schema: conversationPayload,
    rate: [10, 2],
    async handle({ conversationId }, { actor, socket }) {
      await memberConversation(actor, conversationId);
      await socket.join(rooms.conversation(conversationId));
      return null;
    },
  }),
  leaveConversation: defineEvent({
    schema: conversationPayload,
    rate: [10, 2],
    async handle({ conversationId }, { socket }) {
      await socket.leave(rooms.conversation(conversationId));
      return null;
    },
  }),
};
