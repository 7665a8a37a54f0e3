import type { Role } from "@/contracts/dto";

/** Who is acting, as proven by a verified access token (REST or socket handshake). */
export interface Actor {
  userId: string;
  role: Role;
  name: string;
  /** The session the token belongs to (absent on tokens signed without one, e.g. by tests). */
  sid?: string;
}
