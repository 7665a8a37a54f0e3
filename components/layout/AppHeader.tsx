"use client";

import Link from "next/link";
import { Logo } from "@/components/ui/Logo";
import { AwayDigest } from "@/components/notifications/AwayDigest";
import { NotificationCenter } from "@/components/notifications/NotificationCenter";
import { selectAuthStatus, selectUser } from "@/redux/features/auth/authSlice";
import { useAppSelector } from "@/redux/hooks";
import { ConnectionPill } from "./ConnectionPill";
import { NavLinks } from "./NavLinks";
import { ThemeToggle } from "./ThemeToggle";
import { UserMenu } from "./UserMenu";

export function AppHeader() {
  const user = useAppSelector(selectUser);
  const status = useAppSelector(selectAuthStatus);
  const restoring = status === "idle" || status === "restoring" || status === "unreachable";

  return (
    <header className="app-header">
      <div className="container header-inner">
        <Logo />
        <NavLinks />
        <div className="header-actions">
          <ConnectionPill />
          <ThemeToggle />
          {user && <NotificationCenter />}
          {user && <AwayDigest user={user} />}
          {user && <UserMenu user={user} />}
          {!user && restoring && <span className="skeleton" style={{ width: 88, height: 32 }} aria-hidden="true" />}
          {!user && !restoring && (
            <>
              <Link href="/login" className="btn btn-ghost">Log in</Link>
              <Link href="/register" className="btn btn-primary header-signup">Sign up</Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
