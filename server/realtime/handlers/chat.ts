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
import { sendMessage } from "../../services/chat/send-message";
import { relayTyping } from "../../services/chat/typing";
import type { AppIo } from "../../runtime";
import { emitEvents } from "../emit";
import { onEvent } from "../on-event";
import type { AppSocket } from "../types";
import { isViewingConversation } from "../conversation-viewers";
import { actorOf } from "./notification";

/**
 * Chat (SPEC F5): `message` + ack, receipts (`messageDelivered`, `markAsRead`), `typing` (at most
 * 3 per second per socket; extra ones are dropped), and `joinConversation`/`leaveConversation` (an open
 * chat window, which suppresses "new message" notifications). The sender is always `socket.data`.
 */
export function registerChatHandlers(socket: AppSocket, io: AppIo): void {
  const actor = actorOf(socket);
  const isViewing = (userId: string, conversationId: string) => isViewingConversation(io, userId, conversationId);

  onEvent(socket, "message", { schema: messagePayload, rate: [20, 5] }, async (payload) => {
    const { result, events } = await sendMessage(payload, actor, isViewing);
    emitEvents(events);
    return result;
  });
  onEvent(socket, "messageDelivered", { schema: messageDeliveredPayload, rate: [20, 5] }, async (payload) => {
    const { result, events } = await markDelivered(payload, actor);
    emitEvents(events);
    return result;
  });
  onEvent(socket, "markAsRead", { schema: markAsReadPayload, rate: [20, 5] }, async (payload) => {
    const { result, events } = await markAsRead(payload, actor);
    emitEvents(events);
    return result;
  });
  onEvent(socket, "typing", { schema: typingPayload, rate: [3, 3] }, async (payload) => {
    emitEvents((await relayTyping(payload, actor)).events);
    return null;
  });
  onEvent(socket, "joinConversation", { schema: conversationPayload, rate: [10, 2] }, async ({ conversationId }) => {
    await memberConversation(actor, conversationId);
    await socket.join(rooms.conversation(conversationId));
    return null;
  });
  onEvent(socket, "leaveConversation", { schema: conversationPayload, rate: [10, 2] }, async ({ conversationId }) => {
    await socket.leave(rooms.conversation(conversationId));
    return null;
  });
}
