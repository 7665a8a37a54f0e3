"use client";

import { AnimatePresence, motion, useReducedMotion } from "framer-motion";
import { useViewerCount } from "@/hooks/useViewerCount";

/** The "N watching now" badge of a lesson's video; hidden until the server has answered. */
export function ActiveViewers({ videoId }: { videoId: string }) {
  const count = useViewerCount(videoId);
  const still = useReducedMotion() ?? false;
  if (count === null) return null;
  // The viewer is one of them: alone, say so rather than "1 watching now".
  const label = count <= 1 ? "Only you are watching" : `${String(count)} watching now`;
  return (
    <span className="live-dot viewer-count" data-testid="viewer-count" aria-live="polite" title={label}>
      <AnimatePresence mode="popLayout" initial={false}>
        {/* With reduced motion the new figure simply replaces the old one. */}
        <motion.span
          key={count}
          initial={still ? false : { y: 8, opacity: 0 }}
          animate={{ y: 0, opacity: 1 }}
          exit={still ? { opacity: 0, transition: { duration: 0 } } : { y: -8, opacity: 0 }}
          transition={{ duration: 0.2 }}
        >
          {label}
        </motion.span>
      </AnimatePresence>
    </span>
  );
}
