"use client";

export type NotificationFilterValue = "all" | "unread";

/** "All" / "Unread" as two toggle buttons (Linear's inbox filter). */
export function NotificationFilter({ value, onChange }: { value: NotificationFilterValue; onChange: (v: NotificationFilterValue) => void }) {
  return (
    <div className="segmented" role="group" aria-label="Show">
      {(["all", "unread"] as const).map((v) => (
        <button key={v} type="button" className="segmented-btn" aria-pressed={value === v} data-testid={`notification-filter-${v}`}
          onClick={() => { onChange(v); }}>
          {v === "all" ? "All" : "Unread"}
        </button>
      ))}
    </div>
  );
}
