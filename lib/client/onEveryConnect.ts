import type { AppSocket } from "./socket";

/**
 * What a hook says to the server about itself (a registered job, the video it watches, whose
 * presence it follows) is forgotten when the connection drops: `act` runs now if the socket is
 * connected and again after every (re)connect. With `unlessRecovered`, a reconnect that recovered
 * the session (the server kept its rooms) does not repeat it. Returns the undo for the effect's cleanup.
 */
export function onEveryConnect(socket: AppSocket, act: () => void, opts: { unlessRecovered?: boolean } = {}): () => void {
  const onConnect = () => {
    if (!(opts.unlessRecovered && socket.recovered)) act();
  };
  socket.on("connect", onConnect);
  if (socket.connected) act();
  return () => {
    socket.off("connect", onConnect);
  };
}
