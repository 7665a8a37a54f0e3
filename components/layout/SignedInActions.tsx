"use client";

import type { UserDto } from "@/contracts/dto";
import { AwayDigest } from "@/components/notifications/AwayDigest";
import { NotificationCenter } from "@/components/notifications/NotificationCenter";
import { UserMenu } from "./UserMenu";

/**
 * The header's part for a signed-in user: the bell and its panel, the "while you were away" card and
 * the account menu. AppHeader loads it as a chunk of its own once someone is signed in, so a visitor's
 * first-load JavaScript holds none of it (nor framer-motion, which animates its popovers).
 */
export default function SignedInActions({ user }: { user: UserDto }) {
  return (
    <>
      <NotificationCenter />
      <AwayDigest user={user} />
      <UserMenu user={user} />
    </>
  );
}
