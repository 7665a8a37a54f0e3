import type { ChatMessage, ChatStatus } from "@/lib/client/chatMerge";
import { AlertIcon, CheckIcon, ClockIcon } from "@/components/ui/icons";
import { initials } from "@/lib/client/format";

const TICK_LABEL: Record<ChatStatus, string> = {
  pending: "Sending", sent: "Sent", delivered: "Delivered", read: "Read", failed: "Not sent",
};

function Ticks({ status }: { status: ChatStatus }) {
  if (status === "pending") return <ClockIcon size={13} />;
  if (status === "failed") return <AlertIcon size={13} />;
  if (status === "sent") return <CheckIcon size={14} />;
  return (
    <span className="chat-double-tick">
      <CheckIcon size={14} /><CheckIcon size={14} />
    </span>
  );
}

const timeOf = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
const fullTimeOf = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });

/**
 * One message: own messages on the right with delivery ticks, failed ones with a Retry button.
 * Within a run of one sender's messages the time shows at the end of the run (and on hover);
 * `sender` (group conversations) puts the name and avatar at the start of the run.
 */
export function ChatBubble({ message, own, onRetry, runStart, runEnd, sender }: {
  message: ChatMessage;
  own: boolean;
  onRetry: (clientId: string) => void;
  runStart: boolean;
  runEnd: boolean;
  sender?: string;
}) {
  return (
    <li className="chat-bubble-row" data-own={own} data-testid="chat-message" data-status={message.status}
      data-run-start={runStart} data-run-end={runEnd} data-with-sender={sender !== undefined}>
      {sender !== undefined && runStart && (
        <span className="chat-sender" data-testid="chat-sender">
          <span className="avatar avatar-sm" aria-hidden="true">{initials(sender)}</span>
          <strong>{sender}</strong>
        </span>
      )}
      <div className="chat-bubble" title={fullTimeOf(message.createdAt)}>
        <p className="chat-text">{message.content}</p>
        <span className="chat-meta">
          <time className="chat-time" dateTime={message.createdAt}>{timeOf(message.createdAt)}</time>
          {own && (
            <span className="chat-ticks" data-status={message.status} title={TICK_LABEL[message.status]}>
              <Ticks status={message.status} />
              <span className="sr-only">{TICK_LABEL[message.status]}</span>
            </span>
          )}
        </span>
      </div>
      {own && message.status === "failed" && (
        <button type="button" className="chat-retry" onClick={() => { onRetry(message.clientId); }}>
          Not sent · Retry
        </button>
      )}
    </li>
  );
}
