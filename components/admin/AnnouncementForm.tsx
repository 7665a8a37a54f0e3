"use client";

import { useState, type SyntheticEvent } from "react";
import { MegaphoneIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/states";
import { useAnnouncement } from "@/hooks/useAnnouncement";

export function AnnouncementForm() {
  const [title, setTitle] = useState("");
  const [message, setMessage] = useState("");
  const [audience, setAudience] = useState<"all" | "admins">("all");
  const { state, send } = useAnnouncement();

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    send({ title: title.trim(), message: message.trim(), ...(audience === "admins" ? { toAdmin: true } : {}) });
  };

  return (
    <section className="card" aria-labelledby="announce-heading">
      <div className="panel-head">
        <h2 id="announce-heading">Send an announcement</h2>
        <MegaphoneIcon size={18} />
      </div>
      <form className="announce" onSubmit={onSubmit} data-testid="announcement-form" aria-label="Announcement">
        <div className="field">
          <label htmlFor="ann-title">Title</label>
          <input id="ann-title" className="input" required maxLength={120} value={title}
            onChange={(e) => { setTitle(e.target.value); }} placeholder="Scheduled maintenance" />
        </div>
        <div className="field">
          <label htmlFor="ann-message">Message</label>
          <textarea id="ann-message" className="textarea" required maxLength={1000} value={message}
            onChange={(e) => { setMessage(e.target.value); }} placeholder="What should everyone know?" />
        </div>
        <div className="field">
          <label htmlFor="ann-audience">Audience</label>
          <select id="ann-audience" className="input" value={audience}
            onChange={(e) => { setAudience(e.target.value === "admins" ? "admins" : "all"); }}>
            <option value="all">Everyone</option>
            <option value="admins">Admins only</option>
          </select>
        </div>
        {state.phase === "sent" && (
          <p className="form-success" role="status" data-testid="announcement-result">
            Sent — delivered to {state.delivered} {state.delivered === 1 ? "person" : "people"}.
          </p>
        )}
        {state.phase === "failed" && <p className="form-error" role="alert" data-testid="announcement-result">{state.message}</p>}
        <button type="submit" className="btn btn-primary" disabled={state.phase === "sending" || !title.trim() || !message.trim()}>
          {state.phase === "sending" ? <><Spinner label="Sending" /> Sending…</> : "Send announcement"}
        </button>
      </form>
    </section>
  );
}
