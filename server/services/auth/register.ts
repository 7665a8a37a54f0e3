import { ErrorCode } from "@/contracts/errors";
import { registerBody } from "@/contracts/schemas";
import { User, toUserDto } from "@/models/User";
import { hashPassword } from "../../auth/password";
import { AppError, isDuplicateKey } from "../../errors";
import { parseInput } from "../../validation";
import { issueSession, type AuthCtx, type IssuedSession } from "./session";

/** New accounts are always learners; roles are never taken from the request. */
export async function registerUser(input: unknown, ctx: AuthCtx): Promise<IssuedSession> {
  const body = parseInput(registerBody, input);
  const passwordHash = await hashPassword(body.password);
  let created;
  try {
    created = await User.create({ name: body.name, email: body.email, passwordHash, role: "learner" });
  } catch (e) {
    if (isDuplicateKey(e)) throw new AppError(ErrorCode.Conflict, "an account with this email already exists");
    throw e;
  }
  return issueSession(toUserDto(created), ctx);
}
