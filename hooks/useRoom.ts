"use client";

import { useEffect } from "react";
import { onEveryConnect } from "@/lib/client/onEveryConnect";
import { useSocket } from "@/lib/client/socketContext";

type Room = { kind: "course"; id: string } | { kind: "lesson"; id: string };

/**
 * Joins `course:<id>` or `lesson:<id>` while the page is open (live reviews / Q&A, SPEC F8) and
 * leaves on unmount. StrictMode's mount-unmount-mount emits join, leave, join in order on one socket.
 * After a reconnect that was not recovered, the server forgot the room: join again.
 */
export function useRoom(room: Room | null): void {
  const socket = useSocket();
  const kind = room?.kind;
  const id = room?.id;

  useEffect(() => {
    if (!socket || !kind || !id) return undefined;
    const join = () => {
      if (kind === "course") socket.emit("joinCourse", { courseId: id });
      else socket.emit("joinLesson", { lessonId: id });
    };
    const stopJoining = onEveryConnect(socket, join, { unlessRecovered: true });
    return () => {
      stopJoining();
      if (kind === "course") socket.emit("leaveCourse", { courseId: id });
      else socket.emit("leaveLesson", { lessonId: id });
    };
  }, [socket, kind, id]);
}
