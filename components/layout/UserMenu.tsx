"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useRef, useState } from "react";
import { AnimatePresence, motion } from "framer-motion";
import type { UserDto } from "@/contracts/dto";
import { LogOutIcon } from "@/components/ui/icons";
import { useDismiss } from "@/hooks/useDismiss";
import { initials } from "@/lib/client/format";
import { useLogoutMutation } from "@/redux/features/auth/authApi";

export function UserMenu({ user }: { user: UserDto }) {
  const [open, setOpen] = useState(false);
  const [logout, { isLoading }] = useLogoutMutation();
  const router = useRouter();
  const anchor = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => {
    setOpen(false);
  }, []);
  // Escape (or a click outside) closes the menu; focus goes back to its button when it was inside.
  const dismiss = useCallback(() => {
    if (anchor.current?.contains(document.activeElement)) button.current?.focus();
    setOpen(false);
  }, []);
  useDismiss(anchor, open, dismiss);

  const onLogout = async () => {
    await logout().unwrap().catch(() => undefined);
    setOpen(false);
    router.push("/login");
  };

  return (
    <div className="popover-anchor" ref={anchor}>
      {/* The name is the visible label (WCAG 2.5.3); "Account menu" is read before it. */}
      <button ref={button} type="button" className="user-btn" aria-haspopup="true" aria-expanded={open}
        data-testid="user-menu" onClick={() => { setOpen((o) => !o); }}>
        <span className="sr-only">Account menu for </span>
        <span className="avatar" aria-hidden="true">{initials(user.name)}</span>
        <span className="user-name">{user.name.split(" ")[0]}</span>
      </button>
      <AnimatePresence>
        {open && (
          <motion.div className="popover user-menu" initial={{ opacity: 0, y: -6 }} animate={{ opacity: 1, y: 0 }}
            exit={{ opacity: 0, y: -6 }} transition={{ duration: 0.14 }}>
            <div className="who">
              <strong>{user.name}</strong>
              <span>{user.email}</span>
              <span className="chip chip-primary" data-testid="user-role">{user.role}</span>
            </div>
            <Link className="menu-item" href="/my-courses" onClick={close}>My courses</Link>
            {user.role === "admin" && <Link className="menu-item" href="/admin" onClick={close}>Admin dashboard</Link>}
            <button type="button" className="menu-item" onClick={() => void onLogout()} disabled={isLoading}>
              <LogOutIcon size={16} /> {isLoading ? "Logging out…" : "Log out"}
            </button>
          </motion.div>
        )}
      </AnimatePresence>
    </div>
  );
}
