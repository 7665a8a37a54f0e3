"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { Logo } from "@/components/ui/Logo";
import { selectAuthStatus, selectUser } from "@/redux/features/auth/authSlice";
import { useAppSelector } from "@/redux/hooks";
import { ConnectionPill } from "./ConnectionPill";
import { NavLinks } from "./NavLinks";
import { ThemeToggle } from "./ThemeToggle";

/** Where the account controls will be: the same box while the session is restored or their chunk loads. */
const AccountPlaceholder = () => <span className="skeleton" style={{ width: 88, height: 32 }} aria-hidden="true" />;

const SignedInActions = dynamic(() => import("./SignedInActions"), { ssr: false, loading: AccountPlaceholder });

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
          {user && <SignedInActions user={user} />}
          {!user && restoring && <AccountPlaceholder />}
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
