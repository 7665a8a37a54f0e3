import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";
import { Binary, type Document } from "bson";
import { MongoCommandError } from "../errors.js";

/**
 * Server side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as MongoDB speaks it over `saslStart` /
 * `saslContinue` (payloads are BSON Binary, one conversation per connection, `done` set on the
 * last step; with `options.skipEmptyExchange` the final empty round trip is skipped).
 */

export const SCRAM_SHA_256 = "SCRAM-SHA-256";
/** mongod's default `scramSHA256IterationCount`. */
export const SCRAM_ITERATIONS = 15_000;
/** The database users are defined in (the driver's `authSource`). */
export const AUTH_DB = "admin";

/** What the server keeps: never the password. */
export interface ScramUser {
  username: string;
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

const hmac = (key: Buffer, text: string): Buffer => createHmac("sha256", key).update(text, "utf8").digest();
const sha256 = (data: Buffer): Buffer => createHash("sha256").update(data).digest();

/**
 * SASLprep (RFC 4013) of a printable-ASCII string is the string itself; anything else would need
 * the full stringprep tables, so such passwords are refused instead of silently hashed differently
 * from the driver.
 */
export function assertSaslPrepIdentity(password: string): void {
  if (!/^[\x20-\x7e]+$/.test(password)) {
    throw new Error("the password must be non-empty printable ASCII (SASLprep of other characters is not implemented)");
  }
}

export function deriveScramUser(username: string, password: string, iterations = SCRAM_ITERATIONS, salt: Buffer = randomBytes(28)): ScramUser {
  assertSaslPrepIdentity(password);
  const saltedPassword = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  const clientKey = hmac(saltedPassword, "Client Key");
  return { username, salt, iterations, storedKey: sha256(clientKey), serverKey: hmac(saltedPassword, "Server Key") };
}

const authFailed = (): MongoCommandError => new MongoCommandError(18, "AuthenticationFailed", "Authentication failed.");
const protocolError = (message: string): MongoCommandError => new MongoCommandError(17, "ProtocolError", message);

function payloadText(value: unknown): string {
  if (value instanceof Binary) return Buffer.from(value.buffer.subarray(0, value.position)).toString("utf8");
  if (value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
  if (typeof value === "string") return value;
  throw protocolError("SASL payload must be BinData");
}

/** `a=1,b=2` → Map; values may contain `=` (base64). */
function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    if (eq !== 1) throw protocolError(`bad SCRAM attribute: ${part.slice(0, 20)}`);
    out.set(part.slice(0, 1), part.slice(2));
  }
  return out;
}

/** RFC 5802 saslname: `=2C` is `,`, `=3D` is `=`, any other `=` is invalid. */
function decodeSaslName(name: string): string {
  if (/=(?!2C|3D)/.test(name)) throw protocolError("invalid SCRAM username encoding");
  return name.replace(/=2C/g, ",").replace(/=3D/g, "=");
}

interface Conversation {
  id: number;
  user: ScramUser | undefined;
  clientFirstBare: string;
  serverFirst: string;
  gs2Header: string;
  nonce: string;
  skipEmptyExchange: boolean;
  step: "sent-first" | "sent-final";
}

/** Per-connection authentication state. */
export class ConnectionAuth {
  authenticatedUser: string | null = null;
  private conversation: Conversation | null = null;
  private nextConversationId = 1;

  constructor(private readonly lookup: (db: string, username: string) => ScramUser | undefined) {}

  /** `saslStart` (or hello's `speculativeAuthenticate`, where the database is the `db` field). */
  start(db: string, body: Document): Document {
    this.conversation = null;
    const mechanism: unknown = body.mechanism;
    if (mechanism !== SCRAM_SHA_256) {
      throw new MongoCommandError(334, "MechanismUnavailable", `Received authentication for mechanism ${String(mechanism)} which is not enabled`);
    }
    const text = payloadText(body.payload);
    // gs2-header: "n,," (no channel binding) or "y,," (client supports it, we do not offer it).
    const m = /^([ny]),(a=[^,]*)?,(.*)$/s.exec(text);
    if (!m) throw protocolError("SCRAM client-first-message must start with n,, (channel binding is not supported)");
    const [, cbFlag = "n", authzid, clientFirstBare = ""] = m;
    const attrs = attributes(clientFirstBare);
    if (attrs.has("m")) throw protocolError("SCRAM extensions are not supported");
    const username = decodeSaslName(attrs.get("n") ?? "");
    const clientNonce = attrs.get("r") ?? "";
    if (!username || !clientNonce || !/^[\x21-\x2b\x2d-\x7e]+$/.test(clientNonce)) throw protocolError("SCRAM client-first-message needs n= and r=");
    if (authzid !== undefined && authzid !== "" && decodeSaslName(authzid.slice(2)) !== username) throw authFailed();
    const user = this.lookup(db, username);
    // An unknown user gets a well-formed challenge (fake salt) and fails at the proof, like a wrong password.
    const salt = user?.salt ?? sha256(Buffer.from(`embedded-mongo:${db}:${username}`)).subarray(0, 28);
    const iterations = user?.iterations ?? SCRAM_ITERATIONS;
    const nonce = clientNonce + randomBytes(24).toString("base64");
    const serverFirst = `r=${nonce},s=${salt.toString("base64")},i=${String(iterations)}`;
    const options: unknown = body.options;
    const skipEmptyExchange = typeof options === "object" && options !== null && (options as Document).skipEmptyExchange === true;
    const id = this.nextConversationId++;
    this.conversation = { id, user, clientFirstBare, serverFirst, gs2Header: `${cbFlag},${authzid ?? ""},`, nonce, skipEmptyExchange, step: "sent-first" };
    return { conversationId: id, done: false, payload: new Binary(Buffer.from(serverFirst, "utf8")), ok: 1 };
  }

  /** `saslContinue`. */
  continue(body: Document): Document {
    const conv = this.conversation;
    if (!conv || Number(body.conversationId) !== conv.id) {
      this.conversation = null;
      throw protocolError("No SASL session state found");
    }
    if (conv.step === "sent-final") {
      // The optional empty exchange that ends a conversation without skipEmptyExchange.
      this.conversation = null;
      if (payloadText(body.payload) !== "") throw protocolError("unexpected SCRAM payload after the server's final message");
      return { conversationId: conv.id, done: true, payload: new Binary(Buffer.alloc(0)), ok: 1 };
    }
    const text = payloadText(body.payload);
    const proofAt = text.lastIndexOf(",p=");
    if (proofAt < 0) {
      this.conversation = null;
      throw protocolError("SCRAM client-final-message needs p=");
    }
    const withoutProof = text.slice(0, proofAt);
    const attrs = attributes(withoutProof);
    const proof = Buffer.from(text.slice(proofAt + 3), "base64");
    const channelBinding = Buffer.from(attrs.get("c") ?? "", "base64").toString("utf8");
    if (channelBinding !== conv.gs2Header || attrs.get("r") !== conv.nonce) {
      this.conversation = null;
      throw authFailed();
    }
    const authMessage = `${conv.clientFirstBare},${conv.serverFirst},${withoutProof}`;
    const user = conv.user;
    if (!user || proof.length !== 32) {
      this.conversation = null;
      throw authFailed();
    }
    const clientSignature = hmac(user.storedKey, authMessage);
    const clientKey = Buffer.alloc(32);
    for (let i = 0; i < 32; i++) clientKey[i] = (proof[i] ?? 0) ^ (clientSignature[i] ?? 0);
    if (!timingSafeEqual(sha256(clientKey), user.storedKey)) {
      this.conversation = null;
      throw authFailed();
    }
    this.authenticatedUser = user.username;
    const serverFinal = `v=${hmac(user.serverKey, authMessage).toString("base64")}`;
    if (conv.skipEmptyExchange) this.conversation = null;
    else conv.step = "sent-final";
    return { conversationId: conv.id, done: conv.skipEmptyExchange, payload: new Binary(Buffer.from(serverFinal, "utf8")), ok: 1 };
  }
}

/**
 * Commands a connection may run before it has authenticated: the handshake, the SASL steps and
 * the harmless probes mongod also answers unauthenticated.
 */
export const UNAUTHENTICATED_COMMANDS: ReadonlySet<string> = new Set([
  "hello", "isMaster", "ismaster", "saslStart", "saslContinue", "ping", "buildInfo", "buildinfo",
]);

export function unauthorized(command: string): MongoCommandError {
  return new MongoCommandError(13, "Unauthorized", `Command ${command} requires authentication`);
}
