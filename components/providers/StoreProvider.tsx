"use client";

import { useState, type ReactNode } from "react";
import { Provider } from "react-redux";
import { visitorAuthState } from "@/redux/features/auth/authSlice";
import { makeStore } from "@/redux/store";

/**
 * Creates the store once per request (server) or per tab (browser). `visitor`: the request carried no
 * session hint, so nobody can be signed in; the store starts "anonymous" on both sides (AuthBootstrap
 * then has nothing to ask) and the page is rendered as a visitor sees it, not behind skeletons.
 */
export function StoreProvider({ visitor, children }: { visitor: boolean; children: ReactNode }) {
  const [store] = useState(() => makeStore(visitor ? { auth: visitorAuthState } : undefined));
  return <Provider store={store}>{children}</Provider>;
}
