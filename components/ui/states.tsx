import type { ReactNode } from "react";
import { AlertIcon, BookIcon } from "./icons";

export function Spinner({ label = "Loading" }: { label?: string }) {
  return <span className="spinner" role="status" aria-label={label} />;
}

export function ErrorState({ title = "Something went wrong", message, onRetry }: {
  title?: string;
  message?: string;
  onRetry?: () => void;
}) {
  return (
    <div className="state state-error" role="alert">
      <span className="state-icon"><AlertIcon size={26} /></span>
      <h2 className="state-title">{title}</h2>
      <p>{message ?? "We couldn't reach the server. Check your connection and try again."}</p>
      {onRetry && <button type="button" className="btn btn-secondary" onClick={onRetry}>Try again</button>}
    </div>
  );
}

export function EmptyState({ title, message, icon, action, heading = "h2" }: {
  title: string;
  message?: string;
  icon?: ReactNode;
  action?: ReactNode;
  /** h1 when the state is the whole page (404), so the page still has its one h1. */
  heading?: "h1" | "h2";
}) {
  const Heading = heading;
  return (
    <div className="state">
      <span className="state-icon">{icon ?? <BookIcon size={26} />}</span>
      <Heading className="state-title">{title}</Heading>
      {message && <p>{message}</p>}
      {action}
    </div>
  );
}
