import { ErrorCode } from "@/contracts/errors";
import {
  markAsReadPayload,
  messagePayload,
  typingPayload,
} from "@/contracts/schemas";
import { AppError } from "../../errors";
import { onEvent } from "../on-event";
import type { AppSocket } from "../types";

const notYet = (): never => {
  throw new AppError(ErrorCode.Unavailable, "not implemented yet");
};

/**
 * Chat events (SPEC F5, a later issue): validated, answered with UNAVAILABLE, never crashing.
 * Replace each line with a real handler factory as the feature lands.
 */
export function registerLaterHandlers(socket: AppSocket): void {
  onEvent(socket, "message", { schema: messagePayload, rate: [20, 5] }, notYet);
  onEvent(socket, "markAsRead", { schema: markAsReadPayload, rate: [20, 5] }, notYet);
  onEvent(socket, "typing", { schema: typingPayload, rate: [10, 3] }, notYet);
}
