import { randomBytes } from "node:crypto";
import { closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import path from "node:path";
import { assertSaslPrepIdentity } from "./scram.js";

/** The one user of an engine started with `--auth`: `{ "username": ..., "password": ... }`, mode 0600. */
export interface Credentials {
  username: string;
  password: string;
}

export const DEFAULT_USERNAME = "app";
export const CREDENTIALS_FILE_MODE = 0o600;

export class CredentialsError extends Error {}

function parse(file: string, text: string): Credentials {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new CredentialsError(`credentials file ${file} is not valid JSON`);
  }
  const { username, password } = (typeof doc === "object" && doc !== null ? doc : {}) as Record<string, unknown>;
  if (typeof username !== "string" || username === "" || typeof password !== "string") {
    throw new CredentialsError(`credentials file ${file} must hold {"username": "...", "password": "..."}`);
  }
  try {
    assertSaslPrepIdentity(password);
  } catch (e) {
    throw new CredentialsError(`credentials file ${file}: ${(e as Error).message}`);
  }
  return { username, password };
}

/**
 * Reads the credentials file, refusing one that other users could read (as ssh does with keys).
 * Missing: creates it (O_EXCL, mode 0600, its directory 0700 if it has to be created) with a
 * random 32-byte password. Safe against two starts racing: the loser reads the winner's file.
 */
export function loadOrCreateCredentials(file: string, create = true): Credentials & { created: boolean } {
  let fd: number;
  let created = false;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (e) {
    if (!create || (e as NodeJS.ErrnoException).code !== "ENOENT") throw new CredentialsError(`cannot read credentials file ${file}: ${(e as Error).message}`);
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const fresh: Credentials = { username: DEFAULT_USERNAME, password: randomBytes(32).toString("base64url") };
    try {
      const wfd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, CREDENTIALS_FILE_MODE);
      try {
        writeSync(wfd, `${JSON.stringify(fresh, null, 2)}\n`);
      } finally {
        closeSync(wfd);
      }
      created = true;
    } catch (we) {
      if ((we as NodeJS.ErrnoException).code !== "EEXIST") throw new CredentialsError(`cannot create credentials file ${file}: ${(we as Error).message}`);
    }
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new CredentialsError(`credentials file ${file} is not a regular file`);
    const uid = process.getuid?.();
    if (uid !== undefined && st.uid !== uid) throw new CredentialsError(`credentials file ${file} is owned by uid ${String(st.uid)}, not by this user (${String(uid)})`);
    if ((st.mode & 0o077) !== 0) {
      throw new CredentialsError(`credentials file ${file} is accessible by other users (mode 0${(st.mode & 0o777).toString(8)}); run chmod 600 on it`);
    }
    return { ...parse(file, readFileSync(fd, "utf8")), created };
  } finally {
    closeSync(fd);
  }
}

/** The client's side: read the file the engine created, with the same checks. */
export function readCredentials(file: string): Credentials {
  const { username, password } = loadOrCreateCredentials(file, false);
  return { username, password };
}
