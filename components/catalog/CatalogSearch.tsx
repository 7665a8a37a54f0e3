"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";

/** How long typing must pause before the search runs (and the URL changes). */
export const SEARCH_DEBOUNCE_MS = 300;

/** The catalog's search text, as in the URL's `?q=` (so a search can be shared, reloaded, and undone with Back). */
export function useCatalogQuery(): string {
  return (useSearchParams().get("q") ?? "").trim();
}

/**
 * The catalog's search box: the URL's `?q=` is the source of truth; typing updates it after a short
 * pause (replacing the history entry, so Back leaves the catalog rather than stepping through keystrokes).
 */
export function CatalogSearch() {
  const router = useRouter();
  const pathname = usePathname();
  const urlQuery = useCatalogQuery();
  const [text, setText] = useState(urlQuery);
  const lastPushed = useRef(urlQuery);

  // Back/forward or a link changed the URL: show its search text.
  useEffect(() => {
    if (urlQuery !== lastPushed.current) {
      lastPushed.current = urlQuery;
      setText(urlQuery);
    }
  }, [urlQuery]);

  useEffect(() => {
    const wanted = text.trim();
    if (wanted === lastPushed.current) return;
    const timer = setTimeout(() => {
      lastPushed.current = wanted;
      router.replace(wanted ? `${pathname}?q=${encodeURIComponent(wanted)}` : pathname, { scroll: false });
    }, SEARCH_DEBOUNCE_MS);
    return () => { clearTimeout(timer); };
  }, [text, pathname, router]);

  return (
    <form className="catalog-search" role="search" onSubmit={(e) => { e.preventDefault(); }}>
      <label htmlFor="catalog-search-input" className="sr-only">Search courses</label>
      <input
        id="catalog-search-input"
        className="input"
        type="search"
        placeholder="Search courses, topics and lessons"
        autoComplete="off"
        maxLength={200}
        value={text}
        onChange={(e) => { setText(e.target.value); }}
      />
    </form>
  );
}
