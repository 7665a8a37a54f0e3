"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { MessagesNavLink } from "@/components/chat/MessagesNavLink";
import { selectUser } from "@/redux/features/auth/authSlice";
import { useAppSelector } from "@/redux/hooks";

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
