import type { z } from "zod";
import { ErrorCode } from "@/contracts/errors";
import { AppError } from "./errors";

/** "email: Invalid email address; password: Too small: expected string to have >=8 characters" */
export function describeZodError(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  return parts.join("; ") || "invalid input";
}

/** Parses input or throws a 400 AppError with a readable message. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError(ErrorCode.BadRequest, describeZodError(result.error));
  return result.data;
}
