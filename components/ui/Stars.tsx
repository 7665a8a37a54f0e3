import { StarIcon } from "./icons";

/** How much of star `n` (1..5) a rating fills, to the nearest half: 4.5 is four and a half stars. */
export function starFill(value: number, n: number): 0 | 0.5 | 1 {
  const halves = Math.round(Math.min(5, Math.max(0, value)) * 2) / 2;
  const left = halves - (n - 1);
  return left >= 1 ? 1 : left >= 0.5 ? 0.5 : 0;
}

/** Five stars, halves included; decorative (the caller gives the accessible text). */
export function Stars({ value, size = 16 }: { value: number; size?: number }) {
  return (
    <span className="stars" aria-hidden="true" data-value={value}>
      {[1, 2, 3, 4, 5].map((n) => {
        const fill = starFill(value, n);
        return (
          <span key={n} className="star-slot" data-fill={fill} style={{ width: size, height: size }}>
            <StarIcon size={size} className="star-off" />
            {fill > 0 && (
              <span className="star-on" style={{ width: `${String(fill * 100)}%` }}><StarIcon size={size} /></span>
            )}
          </span>
        );
      })}
    </span>
  );
}
