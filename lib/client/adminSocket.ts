import { getAdminSocket, type AppSocket } from "./socket";

let holders = 0;

/**
 * The `/admin` socket is shared by the dashboard's parts (the purchase feed, the live metrics):
 * the first holder connects it, the last release disconnects it, so one part going away does not
 * cut the other off. Returns the release.
 */
export function holdAdminSocket(): { socket: AppSocket; release: () => void } {
  const socket = getAdminSocket();
  if (holders++ === 0) socket.connect();
  let released = false;
  return {
    socket,
    release: () => {
      if (released) return;
      released = true;
      if (--holders === 0) socket.disconnect();
    },
  };
}
