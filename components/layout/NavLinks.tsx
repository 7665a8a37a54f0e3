"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { selectUser } from "@/redux/features/auth/authSlice";
import { useAppSelector } from "@/redux/hooks";

/** Signed in only: its chunk (the chat cache and its socket feed) is not in a visitor's first load. */
const MessagesNavLink = dynamic(() => import("@/components/chat/MessagesNavLink").then((m) => m.MessagesNavLink), { ssr: false });

export function NavLinks() {
  const pathname = usePathname();
  const user = useAppSelector(selectUser);
  const links = [
    { href: "/", label: "Catalog", active: pathname === "/" || pathname.startsWith("/courses") },
    ...(user ? [{ href: "/my-courses", label: "My courses", active: pathname.startsWith("/my-courses") }] : []),
    ...(user?.role === "admin" ? [{ href: "/admin", label: "Admin", active: pathname.startsWith("/admin") }] : []),
  ];
  return (
    <nav className="main-nav" aria-label="Main">
      {links.map((link) => (
        <Link key={link.href} href={link.href} aria-current={link.active ? "page" : undefined}>
          {link.label}
        </Link>
      ))}
      {user && <MessagesNavLink active={pathname.startsWith("/messages")} />}
    </nav>
  );
}
