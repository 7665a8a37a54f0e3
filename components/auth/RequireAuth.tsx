"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import type { Role, UserDto } from "@/contracts/dto";
import { LockIcon } from "@/components/ui/icons";
import { EmptyState, Spinner } from "@/components/ui/states";
import { selectAuthStatus, selectUser } from "@/redux/features/auth/authSlice";
import { useAppSelector } from "@/redux/hooks";

/** Renders children for a signed-in user (optionally of one role); otherwise a clear prompt. */
export function RequireAuth({ role, fallback, children }: {
  role?: Role;
  fallback: ReactNode;
  children: (user: UserDto) => ReactNode;
}) {
  const status = useAppSelector(selectAuthStatus);
  const user = useAppSelector(selectUser);
  const pathname = usePathname();

  if (status === "idle" || status === "restoring") return <>{fallback}</>;
  if (status === "unreachable") {
    return (
      <div className="state" role="status" data-testid="server-unreachable">
        <span className="state-icon"><Spinner label="Retrying" /></span>
        <h2 className="state-title">Can&apos;t reach the server, retrying</h2>
        <p>Check your connection. This page loads by itself as soon as the server answers.</p>
      </div>
    );
  }
  if (!user) {
    return (
      <EmptyState icon={<LockIcon size={26} />} title="Please log in"
        message="You need an account to see this page."
        action={<Link className="btn btn-primary" href={`/login?next=${encodeURIComponent(pathname)}`}>Log in</Link>} />
    );
  }
  if (role && user.role !== role) {
    return (
      <div data-testid="forbidden">
        <EmptyState icon={<LockIcon size={26} />} title="403 — Admins only"
          message={`This page is for ${role}s. You're signed in as ${user.name} (${user.role}).`}
          action={<Link className="btn btn-secondary" href="/">Back to the catalog</Link>} />
      </div>
    );
  }
  return <>{children(user)}</>;
}
