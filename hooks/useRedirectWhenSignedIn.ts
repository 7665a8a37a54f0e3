"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { selectUser } from "@/redux/features/auth/authSlice";
import { useAppSelector } from "@/redux/hooks";
import { useNextPath } from "./useNextPath";

/** On the login and register pages: once someone is signed in, go on to `?next=` (or home). */
export function useRedirectWhenSignedIn(): void {
  const user = useAppSelector(selectUser);
  const router = useRouter();
  const next = useNextPath();
  useEffect(() => {
    if (user) router.replace(next);
  }, [user, router, next]);
}
