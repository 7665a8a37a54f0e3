"use client";

import { useState, type ReactNode } from "react";

interface Props<T> {
  items: readonly T[];
  rowHeight: number;
  /** Height of the scrolling box (smaller when the items fit). */
  height: number;
  keyOf: (item: T) => string;
  render: (item: T) => ReactNode;
  label: string;
  testId?: string;
}

const OVERSCAN = 6;

/**
 * A list that renders only the rows in view (plus a few): thousands of rows cost what a screenful
 * costs. Rows have one fixed height.
 */
export function VirtualList<T>({ items, rowHeight, height, keyOf, render, label, testId }: Props<T>) {
  const [top, setTop] = useState(0);
  const box = Math.min(height, items.length * rowHeight);
  const first = Math.max(0, Math.floor(top / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((top + box) / rowHeight) + OVERSCAN);
  return (
    <div className="vlist" style={{ height: box }} onScroll={(e) => { setTop(e.currentTarget.scrollTop); }}
      role="region" aria-label={label} tabIndex={0} data-testid={testId} data-rendered={last - first}>
      <ul style={{ height: items.length * rowHeight }} aria-label={label}>
        {items.slice(first, last).map((item, i) => (
          <li key={keyOf(item)} style={{ top: (first + i) * rowHeight, height: rowHeight }}>{render(item)}</li>
        ))}
      </ul>
    </div>
  );
}
