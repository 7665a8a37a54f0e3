"use client";

import { AnimatePresence } from "framer-motion";
import { useState } from "react";
import { createPortal } from "react-dom";
import type { UserDto } from "@/contracts/dto";
import { useGetSupportContactQuery } from "@/redux/features/chat/supportApi";
import { ChatRoom } from "./ChatRoom";

/** "Contact support" for learners and instructors: opens the floating ChatRoom with the support team. */
export function ContactSupportButton({ me }: { me: UserDto }) {
  const [open, setOpen] = useState(false);
  const { data: agent, isLoading, isError } = useGetSupportContactQuery();
  return (
    <>
      <button type="button" className="btn btn-secondary" data-testid="contact-support"
        disabled={!agent} title={isError ? "Support is not reachable right now" : undefined}
        onClick={() => { setOpen(true); }}>
        {isLoading ? "Contact support…" : "Contact support"}
      </button>
      {/* A portal: the floating window must not inherit the styles of wherever the button sits. */}
      {open && agent && createPortal(
        <AnimatePresence>
          <ChatRoom me={me} peer={agent} subtitle="The support team" onClose={() => { setOpen(false); }} />
        </AnimatePresence>,
        document.body,
      )}
    </>
  );
}
