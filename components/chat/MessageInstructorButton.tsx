"use client";

import { AnimatePresence } from "framer-motion";
import { useState } from "react";
import type { PublicUserDto, UserDto } from "@/contracts/dto";
import { ChatRoom } from "./ChatRoom";

/** "Message instructor" on a course page; opens the floating ChatRoom. */
export function MessageInstructorButton({ me, instructor }: { me: UserDto; instructor: PublicUserDto }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn btn-secondary btn-block" data-testid="message-instructor"
        onClick={() => { setOpen(true); }}>
        Message instructor
      </button>
      <AnimatePresence>
        {open && <ChatRoom me={me} peer={{ id: instructor.id, name: instructor.name }} onClose={() => { setOpen(false); }} />}
      </AnimatePresence>
    </>
  );
}
