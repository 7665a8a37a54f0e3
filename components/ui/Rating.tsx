import { StarIcon } from "./icons";

export function Rating({ value, count }: { value: number; count: number }) {
  if (count === 0) return <span className="rating muted">No reviews yet</span>;
  return (
    <span className="rating" aria-label={`Rated ${value.toFixed(1)} out of 5 from ${count} reviews`}>
      <StarIcon size={16} />
      {value.toFixed(1)}
      <span className="muted">({count})</span>
    </span>
  );
}
