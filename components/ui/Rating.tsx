import { Stars } from "./Stars";

/** Average rating: stars to the half, the figure and the count; one spoken sentence for screen readers. */
export function Rating({ value, count }: { value: number; count: number }) {
  if (count === 0) return <span className="rating muted">No reviews yet</span>;
  return (
    <span className="rating" data-testid="rating">
      <Stars value={value} />
      <span aria-hidden="true">{value.toFixed(1)}</span>
      <span className="muted" aria-hidden="true">({count})</span>
      <span className="sr-only">Rated {value.toFixed(1)} out of 5 from {count === 1 ? "1 review" : `${String(count)} reviews`}</span>
    </span>
  );
}
