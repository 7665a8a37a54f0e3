import type { Namespace, Socket } from "socket.io";
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from "@/contracts/socket";

export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * What the dispatcher, `SocketConnection` and the personal rooms use of a client: a Socket.IO socket,
 * or a native WebSocket of the gateway (gateway/native-socket.ts), which is a member of the main
 * namespace with the same rooms, so one emit path reaches both.
 */
export type ServedSocket = Pick<AppSocket, "id" | "data" | "connected" | "rooms" | "join" | "leave">;

export type AppNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
