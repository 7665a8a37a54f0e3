import { ADMIN_NAMESPACE, rooms, type ServerToClientEvents } from "@/contracts/socket";
import type { Audience, Delivery, RealtimeEvent } from "../services/events";
import { runtime, type AppIo } from "../runtime";
import { SNAPSHOT_FLAGS } from "./app-adapter";

/** How long "is this user in that audience" waits for the other nodes' answers. */
const HAS_CONNECTION_TIMEOUT_MS = 2000;

/** Socket.IO's EVENT packet type (socket.io-parser). */
const EVENT = 2;

/** The Socket.IO rooms of an audience (the `/admin` dashboard is a namespace, not a room: none). */
export function roomsOf(audience: Audience): string[] {
  if ("users" in audience) return audience.users.map(rooms.user);
  if ("admins" in audience) return [rooms.admin];
  if ("conversation" in audience) return [rooms.conversation(audience.conversation)];
  if ("video" in audience) return [rooms.video(audience.video)];
  if ("course" in audience) return [rooms.course(audience.course)];
  if ("lesson" in audience) return [rooms.lesson(audience.lesson)];
  if ("job" in audience) return [rooms.job(audience.job)];
  return [];
}

type EventName = keyof ServerToClientEvents;

/**
 * The one way out for server events: services name audiences (services/events.ts), the Broadcaster
 * maps them to rooms and delivers them through the installed adapter (in memory, or a cluster
 * adapter over several nodes), never around it. A second transport (the native WebSocket gateway)
 * plugs in here.
 */
export class Broadcaster {
  constructor(private readonly io: AppIo) {}

  emit(events: readonly RealtimeEvent[]): void {
    for (const e of events) {
      try {
        this.deliver(e);
      } catch (err) {
        console.error(`[realtime] emit ${e.event} failed:`, err instanceof Error ? err.message : String(err));
      }
    }
  }

  /** One event to one connection (a snapshot reply such as the statuses a client asked for). */
  toConnection<E extends EventName>(connectionId: string, event: E, payload: Parameters<ServerToClientEvents[E]>[0], delivery: Delivery = "reliable"): void {
    this.send(this.io.of("/"), [connectionId], [], delivery, event, payload);
  }

  /**
   * This node's `/admin` dashboards only, volatile (a slow socket drops it): each node pushes the
   * cluster-wide metrics to its own admins, so a cluster adapter must not fan it out again (F10).
   */
  toLocalAdmins<E extends EventName>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    (this.io.of(ADMIN_NAMESPACE).local.volatile.emit as (event: string, payload: unknown) => boolean)(event, payload);
  }

  /** Whether some connection of `userId` is in `audience`: asks every node once an adapter spans several. */
  async hasConnection(userId: string, audience: Audience): Promise<boolean> {
    const targets = roomsOf(audience);
    if (targets.length === 0) return false;
    try {
      // Bounded: a node that does not answer (dying, or Redis away) makes the answer "no", not a stall.
      const sockets = await this.io.in(targets).timeout(HAS_CONNECTION_TIMEOUT_MS).fetchSockets();
      return sockets.some((s) => s.data.userId === userId);
    } catch {
      return false;
    }
  }

  private deliver(e: RealtimeEvent): void {
    const audiences: readonly Audience[] = Array.isArray(e.to) ? e.to : [e.to as Audience];
    const delivery = e.delivery ?? "reliable";
    const except = (e.exceptUsers ?? []).map(rooms.user);
    if (audiences.some((a) => "adminDashboard" in a)) this.send(this.io.of(ADMIN_NAMESPACE), [], except, delivery, e.event, e.payload);
    const targets = audiences.flatMap(roomsOf);
    // An empty room list would mean "everyone": an audience of nobody sends nothing.
    if (targets.length > 0) this.send(this.io.of("/"), targets, except, delivery, e.event, e.payload);
  }

  private send(nsp: ReturnType<AppIo["of"]>, targets: string[], except: string[], delivery: Delivery, event: EventName, payload: unknown): void {
    if (delivery === "snapshot") {
      // Through the installed adapter's broadcast with the snapshot flag (app-adapter.ts): not stored
      // for recovery, written in slices.
      nsp.adapter.broadcast({ type: EVENT, data: [event, payload] }, { rooms: new Set(targets), except: new Set(except), flags: SNAPSHOT_FLAGS });
      return;
    }
    let target = nsp.to(targets);
    if (except.length > 0) target = target.except(except);
    if (delivery === "volatile") target = target.volatile;
    // The union keeps event and payload paired; emit's overloads cannot see that.
    (target.emit as (event: string, payload: unknown) => boolean)(event, payload);
  }
}

const broadcasters = new WeakMap<AppIo, Broadcaster>();

/** The Broadcaster of an io instance (one per io; stateless besides it). */
export function broadcasterOf(io: AppIo): Broadcaster {
  let b = broadcasters.get(io);
  if (!b) broadcasters.set(io, (b = new Broadcaster(io)));
  return b;
}

/**
 * For route handlers and services' callers: emits through the Broadcaster of the io server.ts
 * created (read from the globalThis registry, so a route handler bundled by Next reaches the same
 * sockets). Never throws: the data is already saved and clients resync on reconnect.
 */
export function emitEvents(events: readonly RealtimeEvent[]): void {
  const io = runtime.getIo();
  if (!io) {
    if (events.length > 0) console.warn(`[realtime] no io registered; ${events.length} event(s) not sent`);
    return;
  }
  broadcasterOf(io).emit(events);
}
