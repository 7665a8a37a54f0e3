import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/states";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <EmptyState heading="h1" title="Page not found" message="The page you're looking for doesn't exist or has moved."
      action={<Link className="btn btn-primary" href="/">Back to the catalog</Link>} />
  );
}
