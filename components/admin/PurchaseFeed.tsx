"use client";

import { useState } from "react";
import { AnimatePresence, motion } from "framer-motion";
import type { PurchaseDto } from "@/contracts/dto";
import { CartIcon } from "@/components/ui/icons";
import { formatPrice, formatRelative, initials } from "@/lib/client/format";

export function PurchaseFeed({ purchases }: { purchases: PurchaseDto[] }) {
  // What was already there on first render is history; anything else arrived live and flashes.
  const [initialIds] = useState(() => new Set(purchases.map((p) => p.id)));
  if (purchases.length === 0) {
    return (
      <div className="notif-empty" data-testid="purchase-feed">
        <CartIcon size={28} />
        <p><strong>No purchases yet</strong><br />New purchases appear here the moment they happen.</p>
      </div>
    );
  }
  return (
    <ul className="purchase-feed" data-testid="purchase-feed" aria-label="Purchases, newest first" aria-live="polite">
      <AnimatePresence initial={false}>
        {purchases.map((p) => (
          <motion.li key={p.id} className={initialIds.has(p.id) ? "purchase-item" : "purchase-item is-new"}
            data-testid="purchase-item" layout initial={{ opacity: 0, x: -16 }} animate={{ opacity: 1, x: 0 }}
            transition={{ duration: 0.35 }}>
            <span className="avatar" aria-hidden="true">{initials(p.learner.name)}</span>
            <div>
              <p><strong>{p.learner.name}</strong> bought <strong>{p.courseTitle}</strong></p>
              <time dateTime={p.createdAt}>{formatRelative(p.createdAt)}</time>
            </div>
            <span className="purchase-amount">{formatPrice(p.priceCents)}</span>
          </motion.li>
        ))}
      </AnimatePresence>
    </ul>
  );
}
