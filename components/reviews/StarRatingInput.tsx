"use client";

import { StarIcon } from "@/components/ui/icons";

const LABELS = ["1 star — poor", "2 stars — fair", "3 stars — good", "4 stars — very good", "5 stars — excellent"];

/** A radio group of five stars: keyboard arrows move between them, each has a spoken label. */
export function StarRatingInput({ value, onChange, disabled }: { value: number; onChange: (n: number) => void; disabled?: boolean }) {
  return (
    <fieldset className="star-input" disabled={disabled}>
      <legend>Your rating</legend>
      <div className="star-input-options">
        {LABELS.map((label, i) => {
          const n = i + 1;
          return (
            <label key={n} className={n <= value ? "star-option star-on" : "star-option"} title={label}>
              <input type="radio" name="rating" value={n} checked={value === n} aria-label={label}
                onChange={() => { onChange(n); }} />
              <StarIcon size={26} aria-hidden="true" />
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
