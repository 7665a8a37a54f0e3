import { ErrorCode } from "@/contracts/errors";
import { Outcome } from "./second-ring";

/**
 * How a failed client event counts: `failed` when the server is at fault (INTERNAL, UNAVAILABLE),
 * `refused` for every other error ack (invalid payload, unknown event, rate limited, forbidden, not
 * found, conflict, ...). Both count in `errorRate` (docs/ARCHITECTURE.md, "Metrics").
 */
export function outcomeOfError(code: ErrorCode): Outcome {
  return code === ErrorCode.Internal || code === ErrorCode.Unavailable ? Outcome.failed : Outcome.refused;
}
